package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The README's CLI walkthrough on the bundled sample project: list, explain, export a bundle, verify it, tamper. */
class SampleProjectCliTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** No MLFLOW_* variables of the machine running the tests leak in. */
    final Map<String, String> environment = Map.of();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), () -> environment).execute(args);
    }

    String runId(String name) throws Exception {
        assertEquals(0, run("runs", "list", "--store", PROJECT.toString(), "--json"), err.toString());
        for (JsonNode r : new ObjectMapper().readTree(out.toString())) {
            if (r.get("run_name").asText().equals(name)) {
                return r.get("run_id").asText();
            }
        }
        throw new AssertionError("no run " + name + " in the sample");
    }

    @Test
    void listShowsEveryRunWithLatestMetrics() {
        assertEquals(0, run("runs", "list", "--store", PROJECT.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("10 runs"), text);
        for (String name : new String[]{"logreg-adagrad-lr0.01", "xgb-sweep", "xgb-eta0.1-d3", "cart-depth4"}) {
            assertTrue(text.contains(name), name);
        }
        assertTrue(text.lines().findFirst().orElseThrow().contains("val_auc"));
        assertTrue(err.toString().isEmpty(), "no unreadable runs: " + err);
        assertEquals(0, run("runs", "list", "--store", PROJECT.resolve("mlflow.db").toString()), err.toString());
        assertTrue(out.toString().contains("10 runs"), "the same runs from MLflow's SQLite store");
    }

    @Test
    void explainAndExportABundleThatVerifies() throws Exception {
        String xgb = runId("xgb-eta0.1-d3");
        Path shap = tmp.resolve("shap.json");
        assertEquals(0, run("explain", "--run", xgb, "--store", PROJECT.toString(), "--data",
                PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--rows", "0-4",
                "--out", shap.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(shap.toFile());
        assertEquals("TREE_SHAP", report.get("method").asText());
        assertTrue(report.get("max_additivity_residual").asDouble() <= 1e-6);

        Path bundle = tmp.resolve("xgb-bundle.zip");
        assertEquals(0, run("bundle", "export", "--store", PROJECT.toString(), "--run", xgb, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--sensitive", "group",
                "--explain-rows", "10", "--policy", "warn", "--out", bundle.toString()), err.toString());
        assertTrue(err.toString().contains("warning:"), "pending checklist lines are warned about: " + err);
        assertEquals(0, run("verify", bundle.toString()), out.toString());
        assertTrue(out.toString().contains("bundle is intact"));

        Path dir = tmp.resolve("dir-bundle");
        assertEquals(0, run("bundle", "export", "--store", PROJECT.toString(), "--run", xgb, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--sensitive", "group",
                "--explain-rows", "3", "--policy", "warn", "--out", dir.toString()), err.toString());
        String fairness = Files.readString(dir.resolve("fairness/fairness.json"));
        assertTrue(fairness.contains("\"attribute\" : \"group\""), fairness);
        Path model = dir.resolve("tribuo/model.tribuo");
        byte[] b = Files.readAllBytes(model);
        b[b.length - 1] ^= 0x40;
        Files.write(model, b);
        assertEquals(1, run("verify", dir.toString()));
        assertTrue(out.toString().contains("changed: tribuo/model.tribuo"), out.toString());
    }
}
