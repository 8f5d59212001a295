package dev.handoff.bundle.model;

/**
 * Outcome of the ONNX / MLflow export of a model.
 *
 * @param exported whether {@code model.onnx} and {@code MLmodel} were written
 * @param reason why not, when {@code exported} is false
 * @param inputName name of the ONNX graph input
 * @param outputNames names of the ONNX graph outputs, one per model output (label), each [batch, 1]
 * @param numFeatures width of the input tensor
 * @param numOutputs number of model outputs
 */
public record OnnxExport(boolean exported, String reason, String inputName, java.util.List<String> outputNames, long numFeatures,
                         long numOutputs) {

    static OnnxExport notExported(String reason) {
        return new OnnxExport(false, reason, null, java.util.List.of(), 0, 0);
    }
}
