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
 * ({@code loader_module: mlflow.onnx}), a column-based signature (features by name in, one column per class out),
 * a DataFrame input example and the environment files.
 * Key names and value formats follow MLflow's {@code Model.to_dict}, {@code mlflow.onnx.save_model} and
 * {@code _Example} (DataFrame example: {@code input_example.json} holds {@code {"columns", "data"}},
 * {@code serving_input_example.json} wraps it as {@code {"dataframe_split": ...}}).
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
        FeatureSchema schema = FeatureSchema.of(model);
        OnnxMl.ValueInfoProto input = onnxModel.getGraph().getInput(0);
        OnnxMl.ValueInfoProto output = onnxModel.getGraph().getOutput(0);
        long numFeatures = width(input);
        long numOutputs = width(output);
        if (numFeatures != schema.features().size() || numOutputs != schema.outputs().size()) {
            throw new IOException("ONNX export of " + model.getName() + " is [-1, " + numFeatures + "] -> [-1, "
                    + numOutputs + "], the model has " + schema.features().size() + " features and "
                    + schema.outputs().size() + " outputs");
        }
        List<String> outputNames = outputNames(onnxModel.getGraph(), schema.outputs());
        onnxModel = onnxModel.toBuilder().setGraph(perOutputColumns(onnxModel.getGraph(), output, outputNames)).build();
        Files.createDirectories(dir);
        Path onnxFile = dir.resolve(ONNX_FILE);
        AtomicFiles.writeBytes(onnxFile, onnxModel.toByteArray());
        List<String> featureNames = schema.features().stream().map(FeatureSchema.Feature::name).toList();

        float[][] rows = exampleRows != null ? exampleRows : new float[][]{new float[(int) numFeatures]};
        for (float[] row : rows) {
            if (row.length != numFeatures) {
                throw new IllegalArgumentException("input example row has " + row.length + " values, the model expects "
                        + numFeatures);
            }
        }
        // a DataFrame example in pandas "split" orient, as MLflow's _Example saves one
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", featureNames);
        split.put("data", rows);
        AtomicFiles.writeString(dir.resolve(INPUT_EXAMPLE), JSON.writeValueAsString(split));
        AtomicFiles.writeString(dir.resolve(SERVING_INPUT_EXAMPLE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("dataframe_split", split)));
        AtomicFiles.writeString(dir.resolve(REQUIREMENTS), String.join("\n", environment.requirements()) + "\n");
        AtomicFiles.writeString(dir.resolve(PYTHON_ENV), YAML.writeValueAsString(pythonEnv()));
        AtomicFiles.writeString(dir.resolve(CONDA_ENV), YAML.writeValueAsString(condaEnv()));
        AtomicFiles.writeString(dir.resolve(MLMODEL), YAML.writeValueAsString(
                mlmodel(featureNames, outputNames, Files.size(onnxFile))));
        return new OnnxExport(true, null, input.getName(), outputNames, numFeatures, numOutputs);
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
    private Map<String, Object> mlmodel(List<String> featureNames, List<String> outputNames, long onnxBytes)
            throws JsonProcessingException {
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
        example.put("pandas_orient", "split");
        example.put("serving_input_path", SERVING_INPUT_EXAMPLE);
        example.put("type", "dataframe");

        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", columns(featureNames, "double"));
        signature.put("outputs", columns(outputNames, "float"));
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

    /**
     * MLflow's JSON form of a column-based schema: {@code [{"type": "double", "name": ..., "required": true}, ...]}.
     * The inputs list the features in ONNX tensor column order (Tribuo's feature-id order): MLflow's pyfunc selects
     * a DataFrame's columns by these names, in this order, before the onnx flavor stacks them into the tensor, so any
     * column order works and a missing column is an error. Doubles, so integer columns convert without loss.
     */
    private static String columns(List<String> names, String type) throws JsonProcessingException {
        List<Map<String, Object>> cols = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("type", type);
            col.put("name", name);
            col.put("required", true);
            cols.add(col);
        }
        return JSON.writeValueAsString(cols);
    }

    /**
     * The graph outputs: one per output (label), named by it, so the onnx flavor's DataFrame result has one column
     * per class (it flattens each output to one value per row). A label that collides with a name in the graph
     * gets a {@code p_} prefix.
     */
    private static List<String> outputNames(OnnxMl.GraphProto graph, List<String> labels) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        graph.getInputList().forEach(v -> taken.add(v.getName()));
        graph.getInitializerList().forEach(t -> taken.add(t.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            taken.addAll(node.getInputList());
            taken.addAll(node.getOutputList());
            taken.add(node.getName());
        }
        List<String> names = new ArrayList<>();
        for (String label : labels) {
            String name = label;
            while (taken.contains(name) || names.contains(name)) {
                name = "p_" + name;
            }
            names.add(name);
        }
        return names;
    }

    /** Replaces the [batch, k] output by k outputs [batch, 1] (a Gather on axis 1 each). */
    private static OnnxMl.GraphProto perOutputColumns(OnnxMl.GraphProto graph, OnnxMl.ValueInfoProto output,
                                                      List<String> names) {
        OnnxMl.GraphProto.Builder b = graph.toBuilder().clearOutput();
        OnnxMl.TensorShapeProto.Dimension batch = output.getType().getTensorType().getShape().getDim(0);
        for (int j = 0; j < names.size(); j++) {
            String index = names.get(j) + "_column_index";
            b.addInitializer(OnnxMl.TensorProto.newBuilder().setName(index)
                    .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(1).addInt64Data(j));
            b.addNode(OnnxMl.NodeProto.newBuilder().setName(names.get(j) + "_column").setOpType("Gather")
                    .addInput(output.getName()).addInput(index).addOutput(names.get(j))
                    .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                            .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
            b.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(names.get(j)).setType(OnnxMl.TypeProto.newBuilder()
                    .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(ONNX_FLOAT)
                            .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(batch)
                                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))))));
        }
        return b.build();
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
