package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.TribuoFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff explain --reasons 4 --counterfactuals N} on the sample's logistic and XGBoost runs. */
class ReasonsCommandTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    static String runId(String name) throws Exception {
        try (var walk = Files.walk(PROJECT.resolve("mlruns"), 4)) {
            for (Path tag : walk.filter(p -> p.endsWith(Path.of("tags", "mlflow.runName"))).toList()) {
                if (Files.readString(tag).strip().equals(name)) {
                    return tag.getParent().getParent().getFileName().toString();
                }
            }
        }
        throw new AssertionError("no run " + name);
    }

    static Model<Label> model(String runId) throws Exception {
        try (var walk = Files.walk(PROJECT.resolve("mlruns"))) {
            Path file = walk.filter(p -> p.toString().contains(runId) && p.getFileName().toString().equals("model.tribuo"))
                    .findFirst().orElseThrow();
            @SuppressWarnings("unchecked")
            Model<Label> m = (Model<Label>) Model.deserializeFromFile(file);
            return m;
        }
    }

    @Test
    void reasonsOfEveryDeclinedRowArePrefixesOfItsAttributionsOnLogisticAndXgboost() throws Exception {
        for (String name : List.of("logreg-adagrad-lr0.05", "xgb-eta0.1-d3")) {
            String id = runId(name);
            Path file = tmp.resolve(name + ".json");
            assertEquals(0, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                    PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--rows", "0-599",
                    "--reasons", "4", "--out", file.toString()), err.toString());
            assertTrue(out.toString().contains("Principal reasons (adverse class 'yes', up to 4; reason codes "),
                    out.toString());
            assertTrue(out.toString().contains("1. R01 Debt payments are high compared with income: debt_ratio = "),
                    out.toString());
            assertFalse(err.toString().contains("no entry"), "every used feature is mapped: " + err);
            JsonNode doc = JSON.readTree(file.toFile());
            JsonNode reasons = doc.get("principal_reasons");
            assertEquals(64, reasons.get("reason_codes_sha256").asText().length());
            int declined = 0;
            for (JsonNode row : doc.get("rows")) {
                if (!row.get("predicted").asText().equals("yes")) {
                    continue;
                }
                declined++;
                JsonNode rr = null;
                for (JsonNode r : reasons.get("rows")) {
                    if (r.get("row").asInt() == row.get("row").asInt()) {
                        rr = r;
                    }
                }
                assertTrue(rr != null, name + ": declined row " + row.get("row") + " has reasons");
                List<JsonNode> ranked = new ArrayList<>();
                row.get("features").forEach(f -> {
                    if (f.get("attribution").asDouble() > 0) {
                        ranked.add(f);
                    }
                });
                ranked.sort((a, b) -> Double.compare(b.get("attribution").asDouble(), a.get("attribution").asDouble()));
                List<String> expected = ranked.stream().limit(4).map(f -> f.get("name").asText()).toList();
                List<String> actual = new ArrayList<>();
                rr.get("reasons").forEach(x -> actual.add(x.get("feature").asText()));
                assertEquals(expected, actual, name + " row " + row.get("row"));
                for (JsonNode x : rr.get("reasons")) {
                    assertFalse(Set.of("age", "group").contains(x.get("feature").asText()) && x.get("reason").isNull());
                    assertFalse(x.get("reason").asText().isBlank());
                }
            }
            assertTrue(declined > 20, name + ": " + declined + " declined rows");
            assertEquals(declined, reasons.get("rows").size());
        }
    }

    @Test
    void counterfactualsFlipWhenReScoredAndNeverChangeAge() throws Exception {
        for (String name : List.of("logreg-adagrad-lr0.05", "xgb-eta0.1-d3")) {
            String id = runId(name);
            assertEquals(0, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                    PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--rows", "0-29",
                    "--counterfactuals", "3", "--json"), err.toString());
            JsonNode doc = JSON.readTree(out.toString());
            Model<Label> model = model(id);
            List<String> features = FeatureTable.modelFeatures(model);
            FeatureTable test = FeatureTable.fromCsv(PROJECT.resolve("data/test.csv"), "default", features)
                    .alignTo(features);
            JsonNode results = doc.get("counterfactuals");
            assertFalse(results.isEmpty(), name);
            int found = 0;
            for (JsonNode r : results) {
                assertEquals("yes", r.get("original_prediction").asText());
                assertTrue(r.get("search").get("training").asText().contains("data/train.csv"), r.toString());
                for (JsonNode c : r.get("counterfactuals")) {
                    double[] x = test.row(r.get("row").asInt());
                    for (JsonNode ch : c.get("changes")) {
                        String f = ch.get("feature").asText();
                        assertNotEquals("age", f, "age is immutable in reason-codes.yml");
                        assertEquals(x[features.indexOf(f)], ch.get("from").asDouble(), 1e-9);
                        x[features.indexOf(f)] = ch.get("to").asDouble();
                    }
                    var p = model.predict(TribuoFunctions.examples(features, new double[][]{x})).get(0);
                    assertEquals("no", p.getOutput().getLabel(), name + " " + c);
                    assertEquals(p.getOutputScores().get("yes").getScore(), c.get("new_score").asDouble(), 1e-6);
                    found++;
                }
            }
            assertTrue(found >= results.size(), name + ": counterfactuals for most declined rows");
        }
    }

    @Test
    void aMissingMappingIsAWarningAndAnExplicitTableIsUsed() throws Exception {
        Path table = tmp.resolve("codes.yml");
        Files.writeString(table, "features:\n  debt_ratio:\n    code: D1\n    reason: Debt ratio too high\n");
        String id = runId("logreg-adagrad-lr0.05");
        assertEquals(0, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--rows", "0-49", "--reasons", "4",
                "--reason-codes", table.toString(), "--out", tmp.resolve("r.json").toString()), err.toString());
        assertTrue(err.toString().contains("warning: Features without an entry in " + table), err.toString());
        assertTrue(out.toString().contains("[no reason code] warning: 'late_payments' has no entry"), out.toString());
        assertTrue(out.toString().contains("D1 Debt ratio too high"), out.toString());
        assertEquals(2, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--reasons", "4", "--adverse-class", "maybe", "--json"));
        assertTrue(err.toString().contains("--adverse-class"), err.toString());
    }
}
