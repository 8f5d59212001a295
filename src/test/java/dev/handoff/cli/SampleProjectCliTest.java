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

    @Test
    void cartCoversAreTheTrainingDataAndLogisticAttributionsAreLogOdds() throws Exception {
        String cart = runId("cart-depth4");
        ObjectMapper json = new ObjectMapper();
        // the same row (test.csv row 3) in the whole file and in a file of its first 5 rows
        java.util.List<String> lines = Files.readAllLines(PROJECT.resolve("data/test.csv"));
        Path head = tmp.resolve("head.csv");
        Files.write(head, lines.subList(0, 6));
        JsonNode[] reports = new JsonNode[2];
        Path[] files = {PROJECT.resolve("data/test.csv"), head};
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("cart-" + i + ".json");
            assertEquals(0, run("explain", "--run", cart, "--store", PROJECT.toString(), "--data", files[i].toString(),
                    "--method", "treeshap", "--rows", "3", "--out", out.toString()), err.toString());
            assertTrue(this.out.toString().contains("covers: training data: data/train.csv"), this.out.toString());
            assertTrue(err.toString().isEmpty(), "training data found, no warning: " + err);
            reports[i] = json.readTree(out.toFile());
        }
        assertEquals(reports[0].at("/rows/0/features"), reports[1].at("/rows/0/features"),
                "the row's explanation does not depend on the file holding it");
        assertEquals("2400", reports[0].at("/parameters/coversRows").asText());
        assertTrue(reports[0].at("/parameters/covers").asText().startsWith("training data: data/train.csv"));
        assertEquals(64, reports[0].at("/parameters/coversSha256").asText().length());

        // --background names the covers by hand; recorded as such
        Path given = tmp.resolve("given.json");
        assertEquals(0, run("explain", "--run", cart, "--store", PROJECT.toString(), "--data", head.toString(),
                "--method", "treeshap", "--rows", "3", "--background", head.toString(), "--out", given.toString()),
                err.toString());
        JsonNode byHand = json.readTree(given.toFile());
        assertEquals("training data: head.csv (given as --background)", byHand.at("/parameters/covers").asText());
        assertEquals("5", byHand.at("/parameters/coversRows").asText());

        // a model file outside any run: the covers are the explained data, warned of and recorded
        Path model = tmp.resolve("cart.tribuo");
        try (var walk = Files.walk(PROJECT.resolve("mlruns"))) {
            Path artifact = walk.filter(p -> p.toString().contains(cart) && p.getFileName().toString().equals("model.tribuo"))
                    .findFirst().orElseThrow();
            Files.copy(artifact, model);
        }
        Path fallback = tmp.resolve("fallback.json");
        assertEquals(0, run("explain", "--model", model.toString(), "--data", head.toString(), "--method", "treeshap",
                "--rows", "3", "--out", fallback.toString()), err.toString());
        assertTrue(err.toString().contains("warning: TreeSHAP covers are counted on head.csv"), err.toString());
        assertTrue(json.readTree(fallback.toFile()).at("/parameters/covers").asText().startsWith("the explained data head.csv"));

        String logreg = runId("logreg-adagrad-lr0.05");
        Path lin = tmp.resolve("linear.json");
        assertEquals(0, run("explain", "--run", logreg, "--store", PROJECT.toString(), "--data",
                PROJECT.resolve("data/test.csv").toString(), "--method", "linearshap", "--rows", "0-2",
                "--out", lin.toString()), err.toString());
        assertTrue(out.toString().contains("attributions in log-odds"), out.toString());
        assertTrue(out.toString().matches("(?s).*row 0: base -?[0-9.]+ \\(p [0-9.]+\\) \\+ sum -?[0-9.]+ = output -?[0-9.]+ \\(p [0-9.]+\\).*"),
                out.toString());
        JsonNode linear = json.readTree(lin.toFile());
        assertEquals("log-odds", linear.get("output_space").asText());
        for (JsonNode row : linear.get("rows")) {
            double sum = 0;
            for (JsonNode f : row.get("features")) {
                sum += f.get("attribution").asDouble();
            }
            double output = row.get("model_output").asDouble();
            assertEquals(output, row.get("base_value").asDouble() + sum, 1e-9, "additive in log-odds");
            assertEquals(1 / (1 + Math.exp(-output)), row.get("output_probability").asDouble(), 1e-12);
            assertEquals(1 / (1 + Math.exp(-row.get("base_value").asDouble())), row.get("base_probability").asDouble(), 1e-12);
        }
    }

    @Test
    void exportWithoutHeldOutDataListsTheOmittedSectionsAndVerifies() throws Exception {
        String logreg = runId("logreg-adagrad-lr0.05");
        Path dir = tmp.resolve("no-data-bundle");
        assertEquals(0, run("bundle", "export", "--run", logreg, "--store", PROJECT.toString(), "--out", dir.toString(),
                "--policy", "warn"), err.toString());
        String stderr = err.toString();
        for (String section : new String[]{"metrics.held_out", "explanations", "fairness"}) {
            assertTrue(stderr.contains("warning: omitted " + section + ": no held-out data was given"), stderr);
        }
        assertEquals(0, run("verify", dir.toString()), out.toString());
        assertTrue(out.toString().contains("bundle is intact"), out.toString());

        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(dir.resolve("bundle.json").toFile());
        java.util.List<String> omitted = new java.util.ArrayList<>();
        meta.get("omitted").forEach(o -> omitted.add(o.get("section").asText()));
        assertEquals(java.util.List.of("metrics.held_out", "explanations", "fairness", "monitoring"), omitted, meta.toString());
        java.util.List<String> warnings = new java.util.ArrayList<>();
        meta.get("warnings").forEach(w -> warnings.add(w.asText()));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("omitted fairness: ")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("required checklist line ")),
                "the policy warnings stay beside the omissions: " + warnings);

        // What does not need data is all there; the data-dependent files are not.
        for (String f : new String[]{"tribuo/model.tribuo", "mlflow_model/MLmodel", "mlflow_model/model.onnx",
                "mlflow_model/input_example.json", "card/model_card.json", "card/README.md", "card/model_card.html",
                "governance/checklist.yml", "metrics/metrics.json", "provenance/run.json", "manifest.intoto.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        for (String f : new String[]{"fairness/fairness.json", "explanations/local.json", "explanations/permutation.json",
                "explanations/intrinsic.json"}) {
            assertFalse(Files.exists(dir.resolve(f)), f);
        }
        JsonNode metrics = json.readTree(dir.resolve("metrics/metrics.json").toFile());
        assertFalse(metrics.has("held_out"), metrics.toString());
        assertTrue(metrics.at("/run/latest").has("val_auc"), metrics.toString());

        // The card's quantitative analysis is the run's logged metrics, and the card says why.
        JsonNode card = json.readTree(dir.resolve("card/model_card.json").toFile());
        JsonNode perf = card.at("/quantitative_analysis/performance_metrics");
        assertTrue(perf.size() > 0, card.toString());
        for (JsonNode m : perf) {
            assertEquals("mlflow run " + logreg, m.get("slice").asText(), m.toString());
        }
        assertTrue(card.at("/considerations/limitations").toString().contains("Not evaluated on held-out data"),
                card.toString());
        assertTrue(card.at("/model_details/version/name").asText().contains(logreg), card.toString());
        assertTrue(Files.readString(dir.resolve("card/README.md")).contains("Not evaluated on held-out data"));

        // MLflow's input example: one row as wide as the signature, in-distribution (the training means), not NaN.
        // (a DataFrame in pandas split orient: columns are the signature's feature names)
        JsonNode split = json.readTree(dir.resolve("mlflow_model/input_example.json").toFile());
        JsonNode example = split.get("data");
        int width = meta.at("/sections/onnx/num_features").asInt();
        assertEquals(width, split.get("columns").size());
        assertEquals(1, example.size());
        assertEquals(width, example.get(0).size());
        boolean anyNonZero = false;
        for (JsonNode v : example.get(0)) {
            assertTrue(v.isNumber() && Double.isFinite(v.asDouble()), example.toString());
            anyNonZero |= v.asDouble() != 0;
        }
        assertTrue(anyNonZero, "training means, not a row of zeros: " + example);
        assertTrue(meta.at("/sections/onnx/input_example").asText().contains("training means"), meta.toString());
        String mlmodel = Files.readString(dir.resolve("mlflow_model/MLmodel"));
        assertTrue(mlmodel.contains("saved_input_example_info") && mlmodel.contains("input_example.json"), mlmodel);
    }

    @Test
    void dataDependentOptionsWithoutDataAreUsageErrors() throws Exception {
        String logreg = runId("logreg-adagrad-lr0.05");
        Path dir = tmp.resolve("never");
        assertEquals(2, run("bundle", "export", "--run", logreg, "--store", PROJECT.toString(), "--out", dir.toString(),
                "--sensitive", "group"));
        assertTrue(err.toString().contains("--sensitive needs --data"), err.toString());
        assertEquals(2, run("bundle", "export", "--run", logreg, "--store", PROJECT.toString(), "--out", dir.toString(),
                "--data", PROJECT.resolve("data/test.csv").toString()));
        assertTrue(err.toString().contains("--data needs --label-column"), err.toString());
        assertFalse(Files.exists(dir));
    }
}
