package dev.handoff.bundle.model;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.handoff.bundle.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        JsonNode inputs = json.readTree(mlmodel.path("signature").path("inputs").asText());
        assertEquals("tensor", inputs.get(0).path("type").asText());
        assertEquals(inputName, inputs.get(0).path("name").asText());
        assertEquals("float32", inputs.get(0).path("tensor-spec").path("dtype").asText());
        assertEquals("[-1,3]", inputs.get(0).path("tensor-spec").path("shape").toString());
        JsonNode outputs = json.readTree(mlmodel.path("signature").path("outputs").asText());
        assertEquals(outputName, outputs.get(0).path("name").asText());
        assertEquals("[-1,2]", outputs.get(0).path("tensor-spec").path("shape").toString());

        JsonNode info = mlmodel.path("saved_input_example_info");
        assertEquals("input_example.json", info.path("artifact_path").asText());
        assertEquals("ndarray", info.path("type").asText());
        JsonNode rows = json.readTree(dir.resolve(info.path("artifact_path").asText()).toFile());
        assertEquals(2, rows.size());
        assertEquals(1.5, rows.get(0).get(1).asDouble(), 1e-6);
        JsonNode serving = json.readTree(dir.resolve(info.path("serving_input_path").asText()).toFile());
        assertEquals(rows, serving.path("inputs"));

        assertTrue(Files.readString(dir.resolve("requirements.txt")).contains("mlflow==3.17.2"));
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
}
