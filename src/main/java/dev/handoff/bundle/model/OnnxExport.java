package dev.handoff.bundle.model;

/**
 * Outcome of the ONNX / MLflow export of a model.
 *
 * @param exported whether {@code model.onnx} and {@code MLmodel} were written
 * @param reason why not, when {@code exported} is false
 * @param inputName name of the ONNX graph input
 * @param outputName name of the ONNX graph output
 * @param numFeatures width of the input tensor
 * @param numOutputs width of the output tensor
 */
public record OnnxExport(boolean exported, String reason, String inputName, String outputName, long numFeatures,
                         long numOutputs) {

    static OnnxExport notExported(String reason) {
        return new OnnxExport(false, reason, null, null, 0, 0);
    }
}
