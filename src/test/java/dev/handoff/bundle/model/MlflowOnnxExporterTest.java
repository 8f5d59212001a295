package dev.handoff.bundle.model;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.handoff.bundle.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.transform.transformations.SimpleTransform;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlflowOnnxExporterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void linearSgdModelExportsOnnxWithBothMlflowFlavors() throws Exception {
        Model<Label> model = TinyModels.logistic();
        MlflowOnnxExporter exporter = new MlflowOnnxExporter(PythonEnvironment.defaults(), "dev.handoff", 1, CLOCK);
        float[][] example = {{0.1f, 1.5f, -0.5f}, {0f, -1f, 2f}};
        OnnxExport result = exporter.export(model, dir, example);
        assertTrue(result.exported());

        OnnxMl.GraphProto graph;
        try (InputStream in = Files.newInputStream(dir.resolve("model.onnx"))) {
            graph = OnnxMl.ModelProto.parseFrom(in).getGraph();
        }
        String inputName = graph.getInput(0).getName();
        String outputName = graph.getOutput(0).getName();

        JsonNode mlmodel = new YAMLMapper().readTree(dir.resolve("MLmodel").toFile());
        JsonNode onnx = mlmodel.path("flavors").path("onnx");
        assertEquals("model.onnx", onnx.path("data").asText());
        assertEquals(PythonEnvironment.defaults().onnxVersion(), onnx.path("onnx_version").asText());
        assertTrue(onnx.path("providers").isArray());
        assertTrue(onnx.has("onnx_session_options"));
        JsonNode pyfunc = mlmodel.path("flavors").path("python_function");
        assertEquals("mlflow.onnx", pyfunc.path("loader_module").asText());
        assertEquals("model.onnx", pyfunc.path("data").asText());
        assertEquals("python_env.yaml", pyfunc.path("env").path("virtualenv").asText());
        assertEquals("conda.yaml", pyfunc.path("env").path("conda").asText());
        assertEquals("3.11.7", pyfunc.path("python_version").asText());
        assertTrue(mlmodel.path("model_uuid").asText().matches("[0-9a-f]{32}"));
        assertEquals("2026-03-01 10:15:30.123456", mlmodel.path("utc_time_created").asText());
        assertEquals("3.17.2", mlmodel.path("mlflow_version").asText());

        ObjectMapper json = new ObjectMapper();
        List<String> features = FeatureSchema.of(model).features().stream().map(FeatureSchema.Feature::name).toList();
        List<String> labels = FeatureSchema.of(model).outputs();
        JsonNode inputs = json.readTree(mlmodel.path("signature").path("inputs").asText());
        assertEquals(features.size(), inputs.size(), "one named column per feature, in the tensor's column order");
        for (int i = 0; i < features.size(); i++) {
            assertEquals(features.get(i), inputs.get(i).path("name").asText());
            assertEquals("double", inputs.get(i).path("type").asText());
            assertTrue(inputs.get(i).path("required").asBoolean());
        }
        assertEquals(1, graph.getInputCount(), "still one float tensor in: " + inputName);
        JsonNode outputs = json.readTree(mlmodel.path("signature").path("outputs").asText());
        assertEquals(labels.size(), outputs.size());
        assertEquals(labels.size(), graph.getOutputCount(), "one graph output per class");
        for (int j = 0; j < labels.size(); j++) {
            assertEquals(labels.get(j), outputs.get(j).path("name").asText());
            assertEquals(labels.get(j), graph.getOutput(j).getName());
            assertEquals(List.of(labels.get(j)), result.outputNames().subList(j, j + 1));
        }
        assertFalse(outputName.isEmpty());

        JsonNode info = mlmodel.path("saved_input_example_info");
        assertEquals("input_example.json", info.path("artifact_path").asText());
        assertEquals("dataframe", info.path("type").asText());
        assertEquals("split", info.path("pandas_orient").asText());
        JsonNode savedExample = json.readTree(dir.resolve(info.path("artifact_path").asText()).toFile());
        assertEquals(features, json.convertValue(savedExample.path("columns"), List.class));
        JsonNode rows = savedExample.path("data");
        assertEquals(2, rows.size());
        assertEquals(1.5, rows.get(0).get(1).asDouble(), 1e-6);
        JsonNode serving = json.readTree(dir.resolve(info.path("serving_input_path").asText()).toFile());
        assertEquals(savedExample, serving.path("dataframe_split"));

        assertEquals("mlflow==3.17.2\nnumpy==2.4.6\nonnx==1.23.2\nonnxruntime==1.31.1\n", Files.readString(dir.resolve("requirements.txt")));
        JsonNode pythonEnv = new YAMLMapper().readTree(dir.resolve("python_env.yaml").toFile());
        assertEquals("3.11.7", pythonEnv.path("python").asText());
        assertEquals("-r requirements.txt", pythonEnv.path("dependencies").get(0).asText());
        JsonNode conda = new YAMLMapper().readTree(dir.resolve("conda.yaml").toFile());
        assertEquals("python=3.11.7", conda.path("dependencies").get(0).asText());
    }

    @Test
    void treeModelsAreNotExported() throws Exception {
        MlflowOnnxExporter exporter = new MlflowOnnxExporter(PythonEnvironment.defaults(), "dev.handoff", 1, CLOCK);
        OnnxExport result = exporter.export(TinyModels.cart(), dir.resolve("m"), null);
        assertFalse(result.exported());
        assertTrue(result.reason().contains("ONNXExportable"));
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void featureSchemaFollowsTribuoFeatureIds() {
        Model<Label> model = TinyModels.logistic();
        FeatureSchema schema = FeatureSchema.of(model);
        for (FeatureSchema.Feature f : schema.features()) {
            assertEquals(f.id(), model.getFeatureIDMap().getID(f.name()));
        }
        assertEquals(3, schema.features().size());
        assertEquals("org.tribuo.classification.Label", schema.outputType());
        assertEquals(model.getOutputIDInfo().getOutput(0).getLabel(), schema.outputs().get(0));
    }

    @Test
    void transformedModelWithAffineScalingExportsScalingNodesBeforeTheInnerGraph() throws Exception {
        TransformedModel<Label> model = (TransformedModel<Label>) TinyModels.transformedLogistic(
                new MeanStdDevTransformation(), SimpleTransform.add(2.5), SimpleTransform.mul(3));
        assertTrue(MlflowOnnxExporter.isExportable(model));
        MlflowOnnxExporter exporter = new MlflowOnnxExporter(PythonEnvironment.defaults(), "dev.handoff", 1, CLOCK);
        OnnxExport result = exporter.export(model, dir, null);
        assertTrue(result.exported(), result.reason());

        OnnxMl.ModelProto onnx;
        try (InputStream in = Files.newInputStream(dir.resolve("model.onnx"))) {
            onnx = OnnxMl.ModelProto.parseFrom(in);
        }
        OnnxMl.GraphProto inner = ((ONNXExportable) model.getInnerModel()).exportONNXModel("dev.handoff", 1).getGraph();
        OnnxMl.GraphProto graph = onnx.getGraph();
        assertEquals(inner.getInput(0), graph.getInput(0), "same input name and shape as Tribuo's own export");
        // Tribuo's [batch, k] output is split into one [batch, 1] output per class
        assertEquals(model.getOutputIDInfo().size(), graph.getOutputCount());
        assertTrue(graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Gather")
                && n.getInput(0).equals(inner.getOutput(0).getName())), "per-class outputs read Tribuo's output");
        assertEquals("Mul", graph.getNode(0).getOpType());
        assertEquals(graph.getInput(0).getName(), graph.getNode(0).getInput(0));
        assertEquals("Add", graph.getNode(1).getOpType());
        assertEquals(graph.getNode(1).getOutput(0), graph.getNode(2).getInput(0), "inner graph reads the scaled input");

        // the scale / shift initializers reproduce Tribuo's transformation of every feature
        float[] scale = floats(graph, graph.getNode(0).getInput(1));
        float[] shift = floats(graph, graph.getNode(1).getInput(1));
        assertEquals(3, scale.length);
        for (String name : TinyModels.FEATURES) {
            int id = model.getFeatureIDMap().getID(name);
            var transformers = model.getTransformerMap().get(name);
            for (double x : new double[]{-2, 0, 0.7, 5}) {
                double tribuo = TransformerMap.applyTransformerList(x, transformers);
                assertEquals(tribuo, scale[id] * x + shift[id], 1e-5 * Math.max(1, Math.abs(tribuo)), name + " at " + x);
            }
        }
        String provenance = onnx.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(ONNXExportable.PROVENANCE_METADATA_FIELD)).findFirst().orElseThrow().getValue();
        assertTrue(provenance.contains(MeanStdDevTransformation.class.getName()), "provenance of the transformed model");
        assertTrue(provenance.contains(TransformedModel.class.getName()));
    }

    @Test
    void transformedModelsWithNonAffineTransformationsOrTreesAreNotExported() throws Exception {
        MlflowOnnxExporter exporter = new MlflowOnnxExporter(PythonEnvironment.defaults(), "dev.handoff", 1, CLOCK);
        Model<Label> clamped = TinyModels.transformedLogistic(new LinearScalingTransformation(0, 1));
        OnnxExport scaled = exporter.export(clamped, dir.resolve("a"), null);
        assertFalse(scaled.exported());
        assertTrue(scaled.reason().contains("LinearScaling"), scaled.reason());
        OnnxExport log = exporter.export(TinyModels.transformedLogistic(SimpleTransform.exp()), dir.resolve("b"), null);
        assertFalse(log.exported());
        assertTrue(log.reason().contains("non-affine transformation exp"), log.reason());
        OnnxExport tree = exporter.export(TinyModels.transformedCart(), dir.resolve("c"), null);
        assertFalse(tree.exported());
        assertTrue(tree.reason().contains("inner model"), tree.reason());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")) || Files.exists(dir.resolve("c")));
    }

    private static float[] floats(OnnxMl.GraphProto graph, String initializer) {
        OnnxMl.TensorProto t = graph.getInitializerList().stream().filter(i -> i.getName().equals(initializer))
                .findFirst().orElseThrow();
        java.nio.FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out.length > 0 ? out : toArray(t.getFloatDataList());
    }

    private static float[] toArray(java.util.List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
