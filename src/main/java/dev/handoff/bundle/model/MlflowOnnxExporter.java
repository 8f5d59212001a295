package dev.handoff.bundle.model;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.handoff.bundle.io.AtomicFiles;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.transform.TransformedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a Tribuo model as an MLflow model directory: {@code model.onnx} (Tribuo's own ONNX export, or for a
 * {@link TransformedModel} with affine feature scaling, scaling nodes in front of the inner model's export)
 * with an {@code MLmodel} declaring both the {@code onnx} and the {@code python_function} flavor
 * ({@code loader_module: mlflow.onnx}), a tensor signature, an input example and the environment files.
 * Key names and value formats follow MLflow's {@code Model.to_dict}, {@code mlflow.onnx.save_model} and
 * {@code _Example} (ndarray example: {@code input_example.json} holds the array,
 * {@code serving_input_example.json} wraps it as {@code {"inputs": ...}}).
 */
public final class MlflowOnnxExporter {
    public static final String MLMODEL = "MLmodel";
    public static final String ONNX_FILE = "model.onnx";
    public static final String INPUT_EXAMPLE = "input_example.json";
    public static final String SERVING_INPUT_EXAMPLE = "serving_input_example.json";
    public static final String REQUIREMENTS = "requirements.txt";
    public static final String PYTHON_ENV = "python_env.yaml";
    public static final String CONDA_ENV = "conda.yaml";

    private static final int ONNX_FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final DateTimeFormatter MLFLOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final PythonEnvironment environment;
    private final String onnxDomain;
    private final long onnxModelVersion;
    private final Clock clock;

    /**
     * @param onnxDomain ONNX model domain, e.g. a reverse domain name
     * @param onnxModelVersion ONNX model version number
     */
    public MlflowOnnxExporter(PythonEnvironment environment, String onnxDomain, long onnxModelVersion, Clock clock) {
        this.environment = environment;
        this.onnxDomain = onnxDomain;
        this.onnxModelVersion = onnxModelVersion;
        this.clock = clock;
    }

    /**
     * Whether this exporter can write {@code model} as ONNX: Tribuo's {@link ONNXExportable} models, and
     * {@link TransformedModel}s with affine feature transformations around an exportable model (see
     * {@link TransformedOnnx}).
     */
    public static boolean isExportable(Model<?> model) {
        return whyNotExportable(model) == null;
    }

    /** Why {@code model} cannot be exported to ONNX, or null when it can. */
    public static String whyNotExportable(Model<?> model) {
        if (model instanceof ONNXExportable) {
            return null;
        }
        if (model instanceof TransformedModel<?>) {
            return TransformedOnnx.whyNot(model);
        }
        return model.getClass().getName() + " does not implement org.tribuo.ONNXExportable;"
                + " Tribuo cannot export tree or XGBoost models to ONNX";
    }

    /**
     * Exports {@code model} into {@code dir} (created if needed). Models this exporter cannot write (CART trees,
     * XGBoost, non-affine transformations; see {@link #whyNotExportable}) are not exported and the result says why.
     *
     * @param exampleRows input example rows (each as wide as the feature map); null for one row of zeros
     */
    public OnnxExport export(Model<?> model, Path dir, float[][] exampleRows) throws IOException {
        String whyNot = whyNotExportable(model);
        if (whyNot != null) {
            return OnnxExport.notExported(whyNot);
        }
        OnnxMl.ModelProto onnxModel;
        if (model instanceof ONNXExportable exportable) {
            onnxModel = exportable.exportONNXModel(onnxDomain, onnxModelVersion);
        } else {
            try {
                onnxModel = TransformedOnnx.export((TransformedModel<?>) model, onnxDomain, onnxModelVersion);
            } catch (TransformedOnnx.NotExportable e) {
                return OnnxExport.notExported(e.getMessage());
            }
        }
        Files.createDirectories(dir);
        Path onnxFile = dir.resolve(ONNX_FILE);
        AtomicFiles.writeBytes(onnxFile, onnxModel.toByteArray());
        OnnxMl.GraphProto graph = onnxModel.getGraph();
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        OnnxMl.ValueInfoProto output = graph.getOutput(0);
        long numFeatures = width(input);
        long numOutputs = width(output);

        float[][] rows = exampleRows != null ? exampleRows : new float[][]{new float[(int) numFeatures]};
        for (float[] row : rows) {
            if (row.length != numFeatures) {
                throw new IllegalArgumentException("input example row has " + row.length + " values, the model expects "
                        + numFeatures);
            }
        }
        AtomicFiles.writeString(dir.resolve(INPUT_EXAMPLE), JSON.writeValueAsString(rows));
        AtomicFiles.writeString(dir.resolve(SERVING_INPUT_EXAMPLE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("inputs", rows)));
        AtomicFiles.writeString(dir.resolve(REQUIREMENTS), String.join("\n", environment.requirements()) + "\n");
        AtomicFiles.writeString(dir.resolve(PYTHON_ENV), YAML.writeValueAsString(pythonEnv()));
        AtomicFiles.writeString(dir.resolve(CONDA_ENV), YAML.writeValueAsString(condaEnv()));
        AtomicFiles.writeString(dir.resolve(MLMODEL), YAML.writeValueAsString(
                mlmodel(input.getName(), numFeatures, output.getName(), numOutputs, Files.size(onnxFile))));
        return new OnnxExport(true, null, input.getName(), output.getName(), numFeatures, numOutputs);
    }

    private static long width(OnnxMl.ValueInfoProto value) throws IOException {
        OnnxMl.TypeProto.Tensor tensor = value.getType().getTensorType();
        if (tensor.getElemType() != ONNX_FLOAT || tensor.getShape().getDimCount() != 2
                || !tensor.getShape().getDim(1).hasDimValue()) {
            throw new IOException("unexpected ONNX tensor '" + value.getName() + "': expected float32 [batch, n]");
        }
        return tensor.getShape().getDim(1).getDimValue();
    }

    /** The MLmodel document, keys in the alphabetical order MLflow's YAML dump uses. */
    private Map<String, Object> mlmodel(String inputName, long numFeatures, String outputName, long numOutputs,
                                        long onnxBytes) throws JsonProcessingException {
        Map<String, Object> onnx = new LinkedHashMap<>();
        onnx.put("code", null);
        onnx.put("data", ONNX_FILE);
        onnx.put("onnx_session_options", null);
        onnx.put("onnx_version", environment.onnxVersion());
        onnx.put("providers", List.of("CPUExecutionProvider"));
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("data", ONNX_FILE);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", CONDA_ENV);
        env.put("virtualenv", PYTHON_ENV);
        pyfunc.put("env", env);
        pyfunc.put("loader_module", "mlflow.onnx");
        pyfunc.put("python_version", environment.pythonVersion());
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("onnx", onnx);
        flavors.put("python_function", pyfunc);

        Map<String, Object> example = new LinkedHashMap<>();
        example.put("artifact_path", INPUT_EXAMPLE);
        example.put("serving_input_path", SERVING_INPUT_EXAMPLE);
        example.put("type", "ndarray");

        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", tensorSpec(inputName, numFeatures));
        signature.put("outputs", tensorSpec(outputName, numOutputs));
        signature.put("params", null);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("flavors", flavors);
        doc.put("mlflow_version", environment.mlflowVersion());
        doc.put("model_size_bytes", onnxBytes);
        doc.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        doc.put("saved_input_example_info", example);
        doc.put("signature", signature);
        doc.put("utc_time_created", LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(MLFLOW_TIME));
        return doc;
    }

    /** MLflow's JSON form of a one-tensor schema: {@code [{"type": "tensor", "tensor-spec": {...}, "name": ...}]}. */
    private static String tensorSpec(String name, long width) throws JsonProcessingException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dtype", "float32");
        spec.put("shape", List.of(-1, width));
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("type", "tensor");
        tensor.put("tensor-spec", spec);
        tensor.put("name", name);
        return JSON.writeValueAsString(List.of(tensor));
    }

    private Map<String, Object> pythonEnv() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("python", environment.pythonVersion());
        env.put("build_dependencies", List.of("pip", "setuptools", "wheel"));
        env.put("dependencies", List.of("-r " + REQUIREMENTS));
        return env;
    }

    private Map<String, Object> condaEnv() {
        List<Object> dependencies = new ArrayList<>();
        dependencies.add("python=" + environment.pythonVersion());
        dependencies.add("pip");
        dependencies.add(Map.of("pip", environment.requirements()));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("channels", List.of("conda-forge"));
        env.put("dependencies", dependencies);
        env.put("name", "mlflow-env");
        return env;
    }
}
