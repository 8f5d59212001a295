package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An engineer's side of the handoff: MLflow's Python pyfunc loads the ONNX model of an exported bundle (through the
 * MLmodel file the bundle writes) and predicts what the Java model predicts.
 */
@Tag("peer")
class MlflowPyfuncPeerTest {
    @TempDir
    Path tmp;

    @Test
    void pyfuncLoadsTheBundledOnnxModelAndPredictsLikeTribuo() throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        Model<Label> model = TinyModels.logistic();
        Path bundle = tmp.resolve("bundle");
        BundleWriter.Result result = BundleWriter.named("pyfunc-check").model(model).write(bundle);
        assertTrue(Files.isRegularFile(bundle.resolve("mlflow_model/MLmodel")), "exportable model gets an MLflow model");
        assertEquals(0, BundleVerifier.verify(result.path(), null).missing().size());

        Dataset<Label> rows = TinyModels.data(40, 99);
        List<List<Float>> input = new ArrayList<>();
        List<Prediction<Label>> java = new ArrayList<>();
        for (Example<Label> ex : rows) {
            List<Float> row = new ArrayList<>();
            for (String f : dev.handoff.explain.FeatureTable.modelFeatures(model)) { // the ONNX input's column order
                var feature = ex.lookup(f);
                row.add(feature == null ? 0f : (float) feature.getValue());
            }
            input.add(row);
            java.add(model.predict(ex));
        }
        Path in = tmp.resolve("input.json");
        List<String> columns = dev.handoff.explain.FeatureTable.modelFeatures(model);
        new ObjectMapper().writeValue(in.toFile(), Map.of("columns", columns, "data", input));
        Path out = tmp.resolve("out.json");
        peer.runPython(tmp, Duration.ofMinutes(3), Map.of(), MlflowPeer.script("pyfunc_predict.py").toString(),
                bundle.resolve("mlflow_model").toString(), in.toString(), out.toString()).requireSuccess();
        JsonNode res = new ObjectMapper().readTree(out.toFile());
        assertTrue(res.get("error").isNull(), res.toString());
        assertTrue(res.get("flavors").toString().contains("onnx") && res.get("flavors").toString().contains("python_function"),
                res.get("flavors").toString());
        JsonNode predictions = res.get("predictions");
        assertEquals(java.size(), predictions.size());
        int outputs = model.getOutputIDInfo().size();
        double maxDiff = 0;
        for (int r = 0; r < java.size(); r++) {
            assertEquals(outputs, predictions.get(r).size(), "one score per class");
            for (Label label : model.getOutputIDInfo().getDomain()) {
                int id = model.getOutputIDInfo().getID(label);
                double expected = java.get(r).getOutputScores().get(label.getLabel()).getScore();
                maxDiff = Math.max(maxDiff, Math.abs(expected - predictions.get(r).get(id).asDouble()));
            }
        }
        assertTrue(maxDiff < 1e-5, "pyfunc (ONNX, float32) vs Tribuo: max difference " + maxDiff);
    }
}
