package dev.handoff.runs.source.file;

import dev.handoff.runs.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileStoreWriterTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void newStoreHasDefaultExperimentAndTrashLikeMlflow() throws IOException {
        Path root = tmp.resolve("mlruns");
        FileStoreWriter.open(root, T0);
        assertTrue(Files.isDirectory(root.resolve(".trash")));
        String uri = "file://" + root.toAbsolutePath();
        assertEquals("artifact_location: " + uri + "/0\n"
                + "creation_time: 1700000000000\n"
                + "experiment_id: '0'\n"
                + "last_update_time: 1700000000000\n"
                + "lifecycle_stage: active\n"
                + "name: Default\n", read(root.resolve("0/meta.yaml")));
    }

    @Test
    void experimentsGetSequentialIdsAndTagFiles() throws IOException {
        Path root = tmp.resolve("mlruns");
        FileStoreWriter w = FileStoreWriter.open(root, FileStoreWriter.ArtifactLocations.RELATIVE_TO_STORE_PARENT, T0);
        String a = w.createExperiment("credit-risk", T0 + 5, Map.of("team", "risk"));
        String b = w.createExperiment("true", T0 + 6, Map.of());
        assertEquals("1", a);
        assertEquals("2", b);
        assertEquals("artifact_location: mlruns/1\n"
                + "creation_time: 1700000000005\n"
                + "experiment_id: '1'\n"
                + "last_update_time: 1700000000005\n"
                + "lifecycle_stage: active\n"
                + "name: credit-risk\n", read(root.resolve("1/meta.yaml")));
        assertTrue(read(root.resolve("2/meta.yaml")).contains("name: 'true'\n"));
        assertEquals("risk", read(root.resolve("1/tags/team")));
        assertThrows(IOException.class, () -> w.createExperiment("1", "again", T0, Map.of()));
        IOException dup = assertThrows(IOException.class, () -> w.createExperiment("credit-risk", T0, Map.of()));
        assertTrue(dup.getMessage().contains("credit-risk"), dup.getMessage());
    }

    @Test
    void runMetaYamlWhileRunningAndAfterFinishing() throws IOException {
        Path root = tmp.resolve("mlruns");
        FileStoreWriter w = FileStoreWriter.open(root, T0);
        String exp = w.createExperiment("e", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "lsgd lr=0.1", "alice", T0 + 100, Map.of());
        Path dir = root.resolve(exp).resolve(RUN);
        String uri = "file://" + root.toAbsolutePath() + "/1/" + RUN + "/artifacts";
        String running = "artifact_uri: " + uri + "\n"
                + "end_time: null\n"
                + "entry_point_name: ''\n"
                + "experiment_id: '1'\n"
                + "lifecycle_stage: active\n"
                + "run_id: " + RUN + "\n"
                + "run_name: lsgd lr=0.1\n"
                + "run_uuid: " + RUN + "\n"
                + "source_name: ''\n"
                + "source_type: 4\n"
                + "source_version: ''\n"
                + "start_time: 1700000000100\n"
                + "status: 1\n"
                + "tags: []\n"
                + "user_id: alice\n";
        assertEquals(running, read(dir.resolve("meta.yaml")));
        assertEquals("lsgd lr=0.1", read(dir.resolve("tags/mlflow.runName")));
        assertTrue(Files.isDirectory(dir.resolve("metrics")));
        assertTrue(Files.isDirectory(dir.resolve("params")));
        assertTrue(Files.isDirectory(dir.resolve("artifacts")));

        run.finish(RunStatus.FINISHED, T0 + 900);
        String finished = running.replace("end_time: null", "end_time: 1700000000900").replace("status: 1", "status: 3");
        assertEquals(finished, read(dir.resolve("meta.yaml")));

        run.delete(T0 + 5000);
        assertEquals(finished.replace("end_time:", "deleted_time: 1700000005000\nend_time:")
                .replace("lifecycle_stage: active", "lifecycle_stage: deleted"), read(dir.resolve("meta.yaml")));
        assertThrows(IllegalStateException.class, () -> run.finish(RunStatus.FAILED, T0));
    }

    @Test
    void paramsTagsAndMetricsHaveMlflowsExactFileFormats() throws IOException {
        FileStoreWriter w = FileStoreWriter.open(tmp.resolve("mlruns"), T0);
        String exp = w.createExperiment("e", T0, Map.of());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.user", "bob");
        tags.put("mlflow.note.content", "line one\nline two");
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "r", "bob", T0, tags);
        run.logParam("lr", "0.1").logParam("optimizer/name", "adagrad");
        run.logMetric("val_auc", 0.5, T0 + 1, 0);
        run.logMetric("val_auc", 1e-5, T0 + 2, 1);
        run.logMetricHistory("train/loss", new long[]{0, 1, 2}, new double[]{1.0, Double.NaN, 0.30000000000000004},
                new long[]{T0 + 10, T0 + 20, T0 + 30});
        Path dir = run.runDir();
        assertEquals("0.1", read(dir.resolve("params/lr")));
        assertEquals("adagrad", read(dir.resolve("params/optimizer/name")));
        assertEquals("line one\nline two", read(dir.resolve("tags/mlflow.note.content")));
        assertEquals("1700000000001 0.5 0\n1700000000002 1e-05 1\n", read(dir.resolve("metrics/val_auc")));
        assertEquals("1700000000010 1.0 0\n1700000000020 nan 1\n1700000000030 0.30000000000000004 2\n",
                read(dir.resolve("metrics/train/loss")));
        // no temporary files left behind
        try (var files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void paramsAreImmutableAndKeysValidated() throws IOException {
        FileStoreWriter w = FileStoreWriter.open(tmp.resolve("mlruns"), T0);
        String exp = w.createExperiment("e", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "r", "u", T0, Map.of());
        run.logParam("depth", "3");
        run.logParam("depth", "3");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.logParam("depth", "4"));
        assertTrue(e.getMessage().contains("depth"));
        for (String bad : List.of("", "../x", "a/../b", "/abs", "a//b", "x:y", "trailing/")) {
            assertThrows(IllegalArgumentException.class, () -> run.logParam(bad, "v"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> run.artifactPath("../../meta.yaml"));
    }

    @Test
    void settingTheRunNameTagRenamesTheRun() throws IOException {
        FileStoreWriter w = FileStoreWriter.open(tmp.resolve("mlruns"), T0);
        String exp = w.createExperiment("e", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "old", "u", T0, Map.of());
        run.setTag("mlflow.runName", "new-name");
        assertTrue(read(run.runDir().resolve("meta.yaml")).contains("run_name: new-name\n"));
        assertThrows(IllegalArgumentException.class,
                () -> w.startRun(exp, "ffff456789abcdef0123456789abcdef", "a", "u", T0, Map.of("mlflow.runName", "b")));
    }

    @Test
    void relativeArtifactUriAndArtifacts() throws IOException {
        FileStoreWriter w = FileStoreWriter.open(tmp.resolve("store"), FileStoreWriter.ArtifactLocations.RELATIVE_TO_STORE_PARENT, T0);
        String exp = w.createExperiment("e", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "r", "u", T0, Map.of());
        assertEquals("store/1/" + RUN + "/artifacts", run.artifactUri());
        assertTrue(read(run.runDir().resolve("meta.yaml")).contains("artifact_uri: store/1/" + RUN + "/artifacts\n"));
        Path p = run.writeArtifact("model/provenance.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(run.artifactDir().resolve("model/provenance.json"), p);
        assertEquals("{}", read(p));
        // the URI resolves against the folder holding the store
        assertEquals(run.artifactDir(), tmp.resolve(run.artifactUri()).toAbsolutePath().normalize());
    }

    @Test
    void fileUrisArePercentEncodedLikePathlib() {
        assertEquals("file:///tmp/my%20runs", FileStoreWriter.fileUri(Path.of("/tmp/my runs")));
    }

    @Test
    void runIdsAreUuid4HexAndReproducible() {
        String a = FileStoreWriter.newRunId(new Random(1));
        assertEquals(a, FileStoreWriter.newRunId(new Random(1)));
        assertNotEquals(a, FileStoreWriter.newRunId(new Random(2)));
        assertTrue(a.matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}"), a);
    }

    @Test
    void deletingAnExperimentMovesItToTrashAndDeletesItsRuns() throws IOException {
        Path root = tmp.resolve("mlruns");
        FileStoreWriter w = FileStoreWriter.open(root, T0);
        String exp = w.createExperiment("gone", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "r", "u", T0, Map.of());
        run.finish(RunStatus.FINISHED, T0 + 10);
        w.deleteExperiment(exp, T0 + 99);
        assertFalse(Files.exists(root.resolve(exp)));
        Path trashed = root.resolve(".trash").resolve(exp);
        String expMeta = read(trashed.resolve("meta.yaml"));
        assertTrue(expMeta.contains("lifecycle_stage: deleted\n") && expMeta.contains("last_update_time: 1700000000099\n")
                && expMeta.contains("creation_time: 1700000000000\n"), expMeta);
        String runMeta = read(trashed.resolve(RUN).resolve("meta.yaml"));
        assertTrue(runMeta.contains("deleted_time: 1700000000099\nend_time: 1700000000010\n"), runMeta);
        assertTrue(runMeta.contains("lifecycle_stage: deleted\n"), runMeta);
        assertEquals("2", w.createExperiment("next", T0, Map.of()), "ids of trashed experiments are not reused");
        assertThrows(IOException.class, () -> w.createExperiment("gone", T0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> w.deleteExperiment("0", T0));
    }

    @Test
    void metaYamlParsesBackWithMlflowsTypes() throws IOException {
        Path root = tmp.resolve("mlruns");
        FileStoreWriter w = FileStoreWriter.open(root, T0);
        String exp = w.createExperiment("007", T0, Map.of());
        FileStoreWriter.RunWriter run = w.startRun(exp, RUN, "it's: odd", "", T0, Map.of());
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var e = yaml.readTree(root.resolve(exp).resolve("meta.yaml").toFile());
        assertTrue(e.get("experiment_id").isTextual());
        assertEquals("007", e.get("name").asText());
        assertTrue(e.get("creation_time").isIntegralNumber());
        var r = yaml.readTree(run.runDir().resolve("meta.yaml").toFile());
        assertEquals("it's: odd", r.get("run_name").asText());
        assertTrue(r.get("end_time").isNull());
        assertEquals(1, r.get("status").asInt());
        assertTrue(r.get("tags").isArray() && r.get("tags").isEmpty());
        assertEquals("", r.get("user_id").asText());
        assertEquals(RUN, r.get("run_uuid").asText());
    }
}
