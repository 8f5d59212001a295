package dev.handoff.bundle.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs and outputs of a Tribuo model in id order: feature {@code i} is column {@code i} of the
 * ONNX input tensor, output {@code j} is column {@code j} of the ONNX output tensor.
 *
 * @param features features in Tribuo feature-id order
 * @param outputType Tribuo output class, e.g. {@code org.tribuo.classification.Label}
 * @param outputs output values (labels) in output-id order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeatureSchema(List<Feature> features, String outputType, List<String> outputs) {

    /**
     * One input feature. Tribuo stores every feature value as a double; ONNX receives float32.
     *
     * @param id Tribuo feature id (column index)
     * @param name feature name
     * @param type value type inside Tribuo
     * @param onnxType element type of the ONNX input tensor
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Feature(int id, String name, String type, String onnxType) {
    }

    public FeatureSchema {
        features = List.copyOf(features);
        outputs = List.copyOf(outputs);
    }

    /** The schema of {@code model}. */
    public static FeatureSchema of(Model<?> model) {
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        List<Feature> features = new ArrayList<>(featureMap.size());
        for (int id = 0; id < featureMap.size(); id++) {
            features.add(new Feature(id, featureMap.get(id).getName(), "float64", "float32"));
        }
        ImmutableOutputInfo<?> outputInfo = model.getOutputIDInfo();
        List<String> outputs = new ArrayList<>(outputInfo.size());
        String outputType = null;
        for (int id = 0; id < outputInfo.size(); id++) {
            Object output = outputInfo.getOutput(id);
            outputType = output.getClass().getName();
            outputs.add(outputInfo.getOutput(id).getSerializableForm(false));
        }
        return new FeatureSchema(features, outputType, outputs);
    }
}
