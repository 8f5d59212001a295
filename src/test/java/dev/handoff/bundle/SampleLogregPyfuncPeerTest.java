package dev.handoff.bundle;

import dev.handoff.bundle.model.ModelArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.ProgressListener;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.file.FileStoreSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.transform.TransformedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The done-when of the handoff on the sample project itself: a bundle exported from the credit-risk sample's logistic
 * regression run through {@link RunBundleExport} (what {@code handoff bundle export} does) loads in MLflow's Python
 * pyfunc, which predicts the probabilities the Java model predicts on the sample's held-out rows. The sample's
 * logistic regressions are {@link TransformedModel}s (mean/std standardisation), so this covers the scaling nodes the
 * exporter puts in front of the linear model.
 */
@Tag("peer")
class SampleLogregPyfuncPeerTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    static final String RUN_NAME = "logreg-adagrad-lr0.05";
    static final String ARTIFACT = "model/model.tribuo";

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void sampleLogregBundleLoadsInPyfuncAndPredictsLikeTribuo() throws Exception {
        MlflowPeer peer = MlflowPeer.require(); // fails on CI=true, skips elsewhere, when MLflow cannot be installed
        Path heldOut = PROJECT.resolve("data/test.csv");
        Path bundle = tmp.resolve("bundle");
        Model<Label> model;
        try (FileStoreSource src = new FileStoreSource(PROJECT.resolve("mlruns"))) {
            List<String> ids = src.listExperiments(ViewType.ACTIVE_ONLY).experiments().stream().map(Experiment::id).toList();
            Run run = src.searchAllRuns(RunQuery.of(ids)).runs().stream()
                    .filter(r -> r.displayName().equals(RUN_NAME)).findFirst().orElseThrow();
            model = (Model<Label>) ModelArtifact.fromRun(src, run.id(), ARTIFACT, null).model();
            RunBundleExport.Request request = new RunBundleExport.Request(run.id(), ARTIFACT, heldOut, "default", "group",
                    "yes", 2, 7L, ChecklistIo.loadDefault(), ExportPolicy.WARN, null, List.of(), null);
            RunBundleExport.prepare(src, request, ProgressListener.NONE, Cancellation.NONE).write(bundle);
        }
        assertInstanceOf(TransformedModel.class, model, "the sample's logistic regressions standardise their inputs");
        Path mlflowModel = bundle.resolve("mlflow_model");
        assertTrue(Files.isRegularFile(mlflowModel.resolve("MLmodel")), "the sample logreg gets an MLflow model");
        assertTrue(Files.isRegularFile(mlflowModel.resolve("model.onnx")));

        // Java side: the rows exactly as RunBundleExport feeds them to the model (every feature, by name)
        List<String> features = FeatureTable.modelFeatures(model); // feature-id order = the ONNX input's column order
        FeatureTable table = FeatureTable.fromCsv(heldOut, "default", features).alignTo(features);
        assertEquals(600, table.numRows());
        List<List<Float>> input = new ArrayList<>();
        List<Prediction<Label>> java = new ArrayList<>();
        for (int r = 0; r < table.numRows(); r++) {
            double[] row = table.row(r);
            ArrayExample<Label> ex = new ArrayExample<>(new Label(table.labels().get(r)));
            List<Float> onnxRow = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                assertFalse(Double.isNaN(row[c]), "the sample's test rows are complete");
                ex.add(features.get(c), row[c]);
                onnxRow.add((float) row[c]);
            }
            input.add(onnxRow);
            java.add(model.predict(ex));
        }

        // the MLmodel's signature names every feature (in the ONNX tensor's column order) and one column per class out
        JsonNode mlmodel = new YAMLMapper().readTree(mlflowModel.resolve("MLmodel").toFile());
        ObjectMapper json = new ObjectMapper();
        JsonNode inputs = json.readTree(mlmodel.path("signature").path("inputs").asText());
        List<String> signed = new ArrayList<>();
        inputs.forEach(i -> {
            assertEquals("double", i.path("type").asText(), i.toString());
            assertTrue(i.path("required").asBoolean(), i.toString());
            signed.add(i.path("name").asText());
        });
        assertEquals(features, signed);
        JsonNode outputs = json.readTree(mlmodel.path("signature").path("outputs").asText());
        assertEquals(List.of("no", "yes"), List.of(outputs.get(0).path("name").asText(), outputs.get(1).path("name").asText()));
        JsonNode example = json.readTree(mlflowModel.resolve("input_example.json").toFile());
        assertEquals(features, json.convertValue(example.get("columns"), List.class));
        for (int r = 0; r < example.get("data").size(); r++) {
            for (int c = 0; c < features.size(); c++) {
                assertEquals(input.get(r).get(c), (float) example.get("data").get(r).get(c).asDouble(), 0f,
                        "example row " + r + " col " + c);
            }
        }

        // Python side: a DataFrame of test.csv's feature columns in the file's own order (not Tribuo's)
        List<String> csvLines = Files.readAllLines(heldOut);
        List<String> header = List.of(csvLines.get(0).split(","));
        List<String> csvColumns = header.stream().filter(features::contains).toList();
        assertNotEquals(features, csvColumns, "test.csv's column order differs from the tensor's, so order matters");
        assertEquals(new java.util.HashSet<>(features), new java.util.HashSet<>(csvColumns));
        List<List<Double>> frame = new ArrayList<>();
        for (String line : csvLines.subList(1, csvLines.size())) {
            String[] cells = line.split(",");
            List<Double> row = new ArrayList<>();
            for (String c : csvColumns) {
                row.add(Double.parseDouble(cells[header.indexOf(c)]));
            }
            frame.add(row);
        }
        assertEquals(java.size(), frame.size());
        Path in = tmp.resolve("input.json");
        json.writeValue(in.toFile(), Map.of("columns", csvColumns, "data", frame));
        Path out = tmp.resolve("out.json");
        peer.runPython(tmp, Duration.ofMinutes(3), Map.of(), MlflowPeer.script("pyfunc_predict.py").toString(),
                mlflowModel.toString(), in.toString(), out.toString()).requireSuccess();
        JsonNode res = json.readTree(out.toFile());
        assertTrue(res.get("error").isNull(), res.toString());
        assertEquals(0, res.get("warnings").size(), "MLflow warns of nothing (no requirement mismatches): " + res.get("warnings"));
        JsonNode predictions = res.get("predictions");
        assertEquals(java.size(), predictions.size());
        double maxDiff = 0;
        double minYes = 1;
        double maxYes = 0;
        for (int r = 0; r < java.size(); r++) {
            assertEquals(model.getOutputIDInfo().size(), predictions.get(r).size(), "one probability per class");
            for (Label label : model.getOutputIDInfo().getDomain()) {
                int id = model.getOutputIDInfo().getID(label);
                double expected = java.get(r).getOutputScores().get(label.getLabel()).getScore();
                maxDiff = Math.max(maxDiff, Math.abs(expected - predictions.get(r).get(id).asDouble()));
                if (label.getLabel().equals("yes")) {
                    minYes = Math.min(minYes, expected);
                    maxYes = Math.max(maxYes, expected);
                }
            }
        }
        assertTrue(maxYes - minYes > 0.5, "the held-out rows span a range of probabilities: " + minYes + ".." + maxYes);
        assertTrue(maxDiff < 1e-5, "pyfunc (ONNX, float32) from a DataFrame in test.csv's column order vs Tribuo:"
                + " max difference " + maxDiff);

        // a frame without one of the signature's columns is refused by name, not scored
        Path missing = tmp.resolve("missing.json");
        json.writeValue(missing.toFile(), Map.of("columns", csvColumns, "data", frame, "drop", "late_payments"));
        peer.runPython(tmp, Duration.ofMinutes(3), Map.of(), MlflowPeer.script("pyfunc_predict.py").toString(),
                mlflowModel.toString(), missing.toString(), out.toString()).requireSuccess();
        JsonNode refused = json.readTree(out.toFile());
        assertTrue(refused.get("predictions") == null, refused.toString());
        assertTrue(refused.get("error").asText().contains("late_payments"), refused.get("error").asText());
    }
}
