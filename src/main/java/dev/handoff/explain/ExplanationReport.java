package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What an explanation run produced, in a JSON-friendly shape (snake_case via annotations): the method and its
 * parameters, per-row attributions with their additivity residuals, and global importance. Written by
 * {@code handoff explain} and into deployment bundles.
 */
public record ExplanationReport(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_class") String modelClass,
        @JsonProperty("method") String method,
        @JsonProperty("explained_output") String explainedOutput,
        @JsonProperty("output_space") String outputSpace,
        @JsonProperty("parameters") Map<String, String> parameters,
        @JsonProperty("rows") List<RowExplanation> rows,
        @JsonProperty("global_importance") List<FeatureImportance> globalImportance,
        @JsonProperty("max_additivity_residual") Double maxAdditivityResidual) {

    public ExplanationReport {
        parameters = Map.copyOf(parameters);
        rows = List.copyOf(rows);
        globalImportance = List.copyOf(globalImportance);
    }

    /** One explained row. */
    public record RowExplanation(
            @JsonProperty("row") int row,
            @JsonProperty("predicted") String predicted,
            @JsonProperty("actual") String actual,
            @JsonProperty("base_value") double baseValue,
            @JsonProperty("model_output") double modelOutput,
            @JsonProperty("additivity_residual") Double additivityResidual,
            @JsonProperty("features") List<FeatureAttribution> features) {
        public RowExplanation {
            features = List.copyOf(features);
        }
    }

    /** One feature's value and attribution in a row. */
    public record FeatureAttribution(@JsonProperty("name") String name, @JsonProperty("value") double value,
                                     @JsonProperty("attribution") double attribution) {
    }

    /** The row part of an attribution. */
    public static RowExplanation row(int index, String predicted, String actual, Attribution a) {
        List<FeatureAttribution> f = new java.util.ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            f.add(new FeatureAttribution(a.featureNames().get(i), a.featureValues()[i], a.value(i)));
        }
        double residual = a.additivityResidual();
        return new RowExplanation(index, predicted, actual, a.baseValue(), a.modelOutput(),
                Double.isNaN(residual) ? null : residual, f);
    }
}
