package dev.handoff.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.cli.HandoffCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Exports the sample project's logistic-regression run as a bundle with a reference profile (once per path). */
public final class SampleBundle {
    public static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    public static final String RUN = "logreg-adagrad-lr0.05";

    private SampleBundle() {
    }

    public static Path data(String name) {
        return PROJECT.resolve("data").resolve(name);
    }

    /** Exports the bundle to {@code dir} with train.csv as the reference and test.csv as held-out data. */
    public static Path export(Path dir) throws Exception {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cli = HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map::of);
        if (cli.execute("runs", "list", "--store", PROJECT.toString(), "--json") != 0) {
            throw new AssertionError(err.toString());
        }
        String runId = null;
        for (JsonNode r : new ObjectMapper().readTree(out.toString())) {
            if (r.get("run_name").asText().equals(RUN)) {
                runId = r.get("run_id").asText();
            }
        }
        if (runId == null) {
            throw new AssertionError("no run " + RUN + " in the sample");
        }
        int code = HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map::of).execute(
                "bundle", "export", "--store", PROJECT.toString(), "--run", runId, "--train", data("train.csv").toString(),
                "--data", data("test.csv").toString(), "--label-column", "default", "--sensitive", "group",
                "--explain-rows", "2", "--policy", "warn", "--out", dir.toString());
        if (code != 0) {
            throw new AssertionError("bundle export failed: " + err);
        }
        return dir;
    }
}
