package dev.handoff.bundle.model;

import java.util.List;

/**
 * The Python side of an exported MLflow model: versions written to {@code MLmodel},
 * {@code requirements.txt}, {@code python_env.yaml} and {@code conda.yaml}.
 */
public record PythonEnvironment(String pythonVersion, String mlflowVersion, String onnxVersion,
                                String onnxruntimeVersion) {

    /**
     * Versions the test suite proves the exported model loads with (the MLflow peer's pins: Python 3.11, MLflow
     * 3.17.2 — the newest that installs from PyPI with its dependencies — onnx 1.23.2, onnxruntime 1.31.1).
     */
    public static PythonEnvironment defaults() {
        return new PythonEnvironment("3.11.7", "3.17.2", "1.23.2", "1.31.1");
    }

    /** Pinned pip requirements, one per line in {@code requirements.txt}. */
    public List<String> requirements() {
        return List.of("mlflow==" + mlflowVersion, "onnx==" + onnxVersion, "onnxruntime==" + onnxruntimeVersion);
    }
}
