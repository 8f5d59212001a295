package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.BundleLayout;
import dev.handoff.bundle.CohortsExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bundle with held-out data carries explanations/cohorts.json, in the manifest. */
class BundleCohortsTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    @TempDir
    Path tmp;

    @Test
    void cohortsJsonIsWrittenAndCoveredByTheManifest() throws Exception {
        Path dir = tmp.resolve("bundle");
        assertEquals(0, run("bundle", "export", "--store", PROJECT.toString(), "--run",
                ReasonsCommandTest.runId("logreg-adagrad-lr0.05"), "--data", PROJECT.resolve("data/test.csv").toString(),
                "--label-column", "default", "--sensitive", "group", "--explain-rows", "10", "--policy", "warn",
                "--out", dir.toString()), err.toString());
        JsonNode cohorts = new ObjectMapper().readTree(dir.resolve(CohortsExport.PATH).toFile());
        assertEquals("yes", cohorts.get("positive_label").asText());
        assertEquals(3, cohorts.get("max_depth").asInt());
        JsonNode overall = cohorts.get("overall");
        assertTrue(overall.get("n").asInt() > 100, overall.toString());
        assertTrue(overall.get("auc").get("value").asDouble() > 0.5, overall.toString());
        assertTrue(overall.get("stats").has("true_positive_rate"), overall.toString());
        assertTrue(cohorts.get("tree").has("errors"), cohorts.toString());
        for (JsonNode w : cohorts.get("worst")) {
            assertTrue(w.get("error_rate").get("value").asDouble() > overall.get("error_rate").get("value").asDouble());
        }
        String manifest = Files.readString(dir.resolve(BundleLayout.STATEMENT));
        assertTrue(manifest.contains(CohortsExport.PATH), manifest);
        assertEquals(0, run("verify", dir.toString()), out.toString());
    }
}
