package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff explain} on regressors trained from a CSV with a numeric label (price = 4·x0 − x1 + noise). */
class ExplainRegressionCommandTest {
    @TempDir
    static Path tmp;
    static Path csv;
    static Path tree;
    static Path linear;

    @BeforeAll
    static void trainModels() throws Exception {
        csv = tmp.resolve("houses.csv");
        StringBuilder sb = new StringBuilder("x0,x1,x2,price\n");
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            double x0 = rnd.nextGaussian(), x1 = rnd.nextGaussian(), x2 = rnd.nextGaussian();
            double price = 4 * x0 - x1 + 0.1 * rnd.nextGaussian();
            sb.append(x0).append(',').append(x1).append(',').append(x2).append(',').append(price).append('\n');
        }
        Files.writeString(csv, sb.toString());
        // CSVLoader with a RegressionFactory: the label column becomes a Regressor dimension, named Tribuo's
        // default "DIM-0" (RegressionFactory.generateOutput does not know the column name)
        var dataset = new MutableDataset<>(new CSVLoader<>(new RegressionFactory()).loadDataSource(csv, "price"));
        tree = tmp.resolve("tree.tribuo");
        new CARTRegressionTrainer(5).train(dataset).serializeToFile(tree);
        linear = tmp.resolve("linear.tribuo");
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 20, 100_000, 1L).train(dataset)
                .serializeToFile(linear);
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static void assertAdditive(JsonNode report) {
        for (JsonNode row : report.get("rows")) {
            double sum = row.get("base_value").asDouble();
            for (JsonNode f : row.get("features")) {
                sum += f.get("attribution").asDouble();
            }
            assertEquals(row.get("model_output").asDouble(), sum, 1e-6, "base + sum = prediction");
            assertEquals(row.get("model_output").asDouble(), Double.parseDouble(row.get("predicted").asText()), 1e-9);
        }
    }

    @Test
    void autoPicksTreeShapForARegressionTree() throws Exception {
        Path json = tmp.resolve("tree.json");
        assertEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--label-column", "price",
                "--rows", "0-4", "--out", json.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("TREE_SHAP", r.get("method").asText());
        assertEquals("DIM-0", r.get("explained_output").asText());
        assertEquals("predicted value", r.get("output_space").asText());
        assertEquals(5, r.get("rows").size());
        assertAdditive(r);
        assertEquals("x0", r.get("global_importance").get(0).get("entries").get(0).get("feature").asText());
        assertTrue(out.toString().contains("for output 'DIM-0'"), out.toString());
    }

    @Test
    void kernelShapAndLinearShapOnALinearRegressor() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path k = tmp.resolve("kernel.json");
        assertEquals(0, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--method", "kernelshap",
                "--rows", "0-2", "--out", k.toString()), err.toString());
        Path l = tmp.resolve("linear.json");
        assertEquals(0, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--method", "auto",
                "--rows", "0-2", "--out", l.toString()), err.toString());
        JsonNode kr = json.readTree(k.toFile());
        JsonNode lr = json.readTree(l.toFile());
        assertEquals("KERNEL_SHAP", kr.get("method").asText());
        assertEquals("LINEAR_SHAP", lr.get("method").asText());
        assertAdditive(kr);
        assertAdditive(lr);
        for (int row = 0; row < 3; row++) {
            for (int f = 0; f < 3; f++) {
                assertEquals(lr.get("rows").get(row).get("features").get(f).get("attribution").asDouble(),
                        kr.get("rows").get(row).get("features").get(f).get("attribution").asDouble(), 1e-3);
            }
        }
    }

    @Test
    void permutationReportsTheRmseIncrease() throws Exception {
        Path json = tmp.resolve("perm.json");
        assertEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--label-column", "price",
                "--method", "permutation", "--repeats", "2", "--out", json.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("RMSE increase", r.get("output_space").asText());
        JsonNode entries = r.get("global_importance").get(0).get("entries");
        assertEquals("x0", entries.get(0).get("feature").asText());
        assertTrue(entries.get(0).get("value").asDouble() > 1, entries.toString());
    }

    @Test
    void limeAndUnknownDimensionsAreRefusedClearly() {
        assertNotEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--method", "lime",
                "--out", tmp.resolve("lime.json").toString()));
        assertTrue(err.toString().contains("LIME does not apply to regressor"), err.toString());
        assertNotEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--class", "cost",
                "--out", tmp.resolve("cost.json").toString()));
        assertTrue(err.toString().contains("Unknown output dimension 'cost'; the regressor predicts [DIM-0]"), err.toString());
        assertNotEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--method",
                "permutation", "--out", tmp.resolve("nolabel.json").toString()));
        assertTrue(err.toString().contains("label column holding the true values of 'DIM-0'"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("lime.json")) && !Files.exists(tmp.resolve("cost.json")));
    }
}
