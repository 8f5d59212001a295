package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** End to end: a model trained on a CSV where x0 and x1 drive the label, explained through the CLI. */
class ExplainCommandTest {
    @TempDir
    static Path tmp;
    static Path csv;
    static Path linear;
    static Path tree;

    @BeforeAll
    static void trainModels() throws Exception {
        csv = tmp.resolve("data.csv");
        StringBuilder sb = new StringBuilder("x0,x1,x2,group,label\n"); // group: text the model does not use
        Random rnd = new Random(7);
        for (int i = 0; i < 400; i++) {
            double x0 = rnd.nextGaussian(), x1 = rnd.nextGaussian(), x2 = rnd.nextGaussian();
            String label = 2 * x0 - 1.5 * x1 + 0.3 * rnd.nextGaussian() > 0 ? "yes" : "no";
            sb.append(x0).append(',').append(x1).append(',').append(x2).append(',').append(i % 2 == 0 ? "A" : "B").append(',').append(label).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path train = tmp.resolve("train.csv");
        Files.writeString(train, sb.toString().replaceAll("(?m),[AB],(yes|no)$", ",$1").replace("group,", ""));
        var data = new CSVLoader<>(new LabelFactory()).loadDataSource(train, "label");
        var dataset = new MutableDataset<>(data);
        linear = tmp.resolve("linear.tribuo");
        new LogisticRegressionTrainer().train(dataset).serializeToFile(linear);
        tree = tmp.resolve("tree.tribuo");
        new CARTClassificationTrainer(4).train(dataset).serializeToFile(tree);
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void linearShapIsAdditiveAndIgnoresUnusedColumnsWithANote() throws Exception {
        Path json = tmp.resolve("linear.json");
        assertEquals(0, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--label-column", "label",
                "--method", "linearshap", "--rows", "0-4,9", "--out", json.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("LINEAR_SHAP", r.get("method").asText());
        assertEquals("yes", r.get("explained_output").asText());
        assertEquals(6, r.get("rows").size());
        assertEquals(9, r.get("rows").get(5).get("row").asInt());
        for (JsonNode row : r.get("rows")) {
            double sum = row.get("base_value").asDouble();
            for (JsonNode f : row.get("features")) {
                sum += f.get("attribution").asDouble();
            }
            assertEquals(row.get("model_output").asDouble(), sum, 1e-6, "base + sum = output");
        }
        assertTrue(r.get("max_additivity_residual").asDouble() < 1e-6);
        var ranking = r.get("global_importance").get(0).get("entries");
        String top2 = ranking.get(0).get("feature").asText() + "," + ranking.get(1).get("feature").asText();
        assertTrue(top2.contains("x0") && top2.contains("x1"), top2);
    }

    @Test
    void limeGoesThroughTribuosLimeColumnar() throws Exception {
        Path json = tmp.resolve("lime.json");
        assertEquals(0, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--label-column", "label",
                "--method", "lime", "--samples", "300", "--rows", "0-2", "--out", json.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("LIME", r.get("method").asText());
        assertEquals("Tribuo LIMEColumnar", r.get("parameters").get("implementation").asText());
        assertEquals("300", r.get("parameters").get("samples").asText());
        assertEquals(3, r.get("rows").size());
        var ranking = r.get("global_importance").get(0).get("entries");
        String top2 = ranking.get(0).get("feature").asText() + "," + ranking.get(1).get("feature").asText();
        assertTrue(top2.contains("x0") && top2.contains("x1"), top2);
    }

    @Test
    void treeShapOnCart() throws Exception {
        Path json = tmp.resolve("tree.json");
        assertEquals(0, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--label-column", "label",
                "--method", "treeshap", "--rows", "3", "--out", json.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("TREE_SHAP", r.get("method").asText());
        assertTrue(r.get("max_additivity_residual").asDouble() < 1e-6);
    }

    @Test
    void permutationRanksTheDrivingFeaturesFirst() throws Exception {
        Path json = tmp.resolve("perm.json");
        assertEquals(0, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--label-column", "label",
                "--method", "permutation", "--repeats", "3", "--out", json.toString()), err.toString());
        JsonNode entries = new ObjectMapper().readTree(json.toFile()).get("global_importance").get(0).get("entries");
        String top2 = entries.get(0).get("feature").asText() + "," + entries.get(1).get("feature").asText();
        assertTrue(top2.contains("x0") && top2.contains("x1"), top2);
        assertTrue(out.toString().contains("x0"), out.toString());
    }

    @Test
    void badInputsGetClearErrors() throws Exception {
        Path partial = tmp.resolve("partial.csv");
        Files.writeString(partial, "x0,x2,label\n1,2,yes\n");
        assertEquals(1, run("explain", "--model", linear.toString(), "--data", partial.toString(), "--label-column", "label",
                "--out", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("missing column [x1]"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--label-column", "label", "--method", "linearshap",
                "--out", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("LINEAR_SHAP does not apply"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("explain", "--model", tree.toString(), "--data", csv.toString(), "--label-column", "label", "--method", "lime",
                "--out", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("LIME does not apply"), err.toString());
        assertTrue(err.toString().contains("does not generate probabilities"), err.toString());

        err.getBuffer().setLength(0);
        Path notAModel = tmp.resolve("evil.ser");
        Files.write(notAModel, new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'});
        assertEquals(1, run("explain", "--model", notAModel.toString(), "--data", csv.toString(), "--out", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("not a readable Tribuo protobuf model"), err.toString());

        assertEquals(2, run("explain", "--model", linear.toString(), "--data", csv.toString(), "--method", "magic",
                "--out", tmp.resolve("x.json").toString()));
        assertFalse(Files.exists(tmp.resolve("x.json")), "nothing written on failure");
    }
}
