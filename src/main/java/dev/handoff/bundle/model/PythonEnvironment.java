package dev.handoff.bundle.model;

import java.util.List;

/**
 * The Python side of an exported MLflow model: versions written to {@code MLmodel},
 * {@code requirements.txt}, {@code python_env.yaml} and {@code conda.yaml}.
 */
public record PythonEnvironment(String pythonVersion, String mlflowVersion, String numpyVersion, String onnxVersion,
                                String onnxruntimeVersion) {

    /**
     * Versions the test suite proves the exported model loads with, without MLflow's "mismatches between the model's
     * dependencies and the current Python environment" warning (the MLflow peer's venv: Python 3.11, MLflow 3.17.2 —
     * the newest that installs from PyPI with its dependencies — numpy 2.4.6 as pip resolves it there, onnx 1.23.2,
     * onnxruntime 1.31.1).
     */
    public static PythonEnvironment defaults() {
        return new PythonEnvironment("3.11.7", "3.17.2", "2.4.6", "1.23.2", "1.31.1");
    }

    /**
     * Pinned pip requirements, one per line in {@code requirements.txt}, sorted by name as MLflow writes them: MLflow,
     * numpy (the ONNX pyfunc flavor feeds numpy arrays), onnx and onnxruntime (what {@code mlflow.onnx} needs).
     */
    public List<String> requirements() {
        return List.of("mlflow==" + mlflowVersion, "numpy==" + numpyVersion, "onnx==" + onnxVersion,
                "onnxruntime==" + onnxruntimeVersion);
    }
}
