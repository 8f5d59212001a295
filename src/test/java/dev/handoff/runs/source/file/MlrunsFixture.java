package dev.handoff.runs.source.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small MLflow file stores in tests, byte for byte as MLflow's FileStore writes them (PyYAML block style, keys
 * sorted, params without trailing newline, metric lines "timestamp value step\n").
 */
public final class MlrunsFixture {
    public final Path root;

    public MlrunsFixture(Path root) {
        this.root = root;
    }

    public Path experiment(String id, String name) throws IOException {
        return experimentAt(root.resolve(id), id, name, "active");
    }

    public Path experimentAt(Path dir, String id, String name, String stage) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("meta.yaml"), "artifact_location: file://" + dir.toAbsolutePath() + "\n"
                + "creation_time: 1700000000000\n"
                + "experiment_id: '" + id + "'\n"
                + "last_update_time: 1700000000500\n"
                + "lifecycle_stage: " + stage + "\n"
                + "name: " + name + "\n");
        return dir;
    }

    public Path run(String expId, String runId, String name, int status, long start, long end, String stage) throws IOException {
        Path dir = root.resolve(expId).resolve(runId);
        Files.createDirectories(dir.resolve("artifacts"));
        write(dir.resolve("meta.yaml"), "artifact_uri: file:///elsewhere/machine/mlruns/" + expId + "/" + runId + "/artifacts\n"
                + "end_time: " + (end < 0 ? "null" : Long.toString(end)) + "\n"
                + "entry_point_name: ''\n"
                + "experiment_id: '" + expId + "'\n"
                + "lifecycle_stage: " + stage + "\n"
                + "run_id: " + yamlString(runId) + "\n"
                + "run_name: " + name + "\n"
                + "run_uuid: " + yamlString(runId) + "\n"
                + "source_name: ''\n"
                + "source_type: 4\n"
                + "source_version: ''\n"
                + "start_time: " + start + "\n"
                + "status: " + status + "\n"
                + "tags: []\n"
                + "user_id: ana\n");
        tag(dir, "mlflow.runName", name);
        tag(dir, "mlflow.user", "ana");
        return dir;
    }

    public static void param(Path run, String key, String value) throws IOException {
        write(run.resolve("params").resolve(key), value);
    }

    public static void tag(Path run, String key, String value) throws IOException {
        write(run.resolve("tags").resolve(key), value);
    }

    public static void metricLines(Path run, String key, String lines) throws IOException {
        write(run.resolve("metrics").resolve(key), lines);
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** PyYAML quotes a string that would otherwise read as a number. */
    public static String yamlString(String s) {
        return s.matches("[0-9]+") ? "'" + s + "'" : s;
    }

    public static String id(int n) {
        return String.format("%032x", n);
    }
}
