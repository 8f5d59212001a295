package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What an explanation run produced, in a JSON-friendly shape (snake_case via annotations): the method and its
 * parameters, per-row attributions with their additivity residuals, and global importance. Written by
 * {@code handoff explain} and into deployment bundles.
 *
 * <p>{@code parameters} are what the whole run shares (method settings, background, covers and their row counts);
 * what an explainer found about one row (LIME's surrogate fit and coefficients, KernelSHAP's coalitions) is in that
 * row's {@code row_parameters}. In {@link LinearShap#LOG_ODDS} space each row also carries the probability at its base
 * value and at its output ({@code p = 1 / (1 + e^-log-odds)}), so the log-odds scale can be read as probabilities.
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

    /**
     * One explained row.
     *
     * @param baseProbability   σ(base value) when the output space is log-odds (the probability at the background
     *                          mean, not the mean predicted probability), else null
     * @param outputProbability σ(model output) when the output space is log-odds (the model's probability), else null
     * @param rowParameters     what the explainer found about this row (LIME's surrogate fit, ...); empty for most
     */
    public record RowExplanation(
            @JsonProperty("row") int row,
            @JsonProperty("predicted") String predicted,
            @JsonProperty("actual") String actual,
            @JsonProperty("base_value") double baseValue,
            @JsonProperty("model_output") double modelOutput,
            @JsonProperty("additivity_residual") Double additivityResidual,
            @JsonProperty("features") List<FeatureAttribution> features,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("base_probability") Double baseProbability,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("output_probability") Double outputProbability,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("row_parameters") Map<String, String> rowParameters) {
        public RowExplanation {
            features = List.copyOf(features);
            rowParameters = rowParameters == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowParameters));
        }

        /** A row without probabilities or row parameters. */
        public RowExplanation(int row, String predicted, String actual, double baseValue, double modelOutput,
                              Double additivityResidual, List<FeatureAttribution> features) {
            this(row, predicted, actual, baseValue, modelOutput, additivityResidual, features, null, null, Map.of());
        }
    }

    /** One feature's value and attribution in a row. */
    public record FeatureAttribution(@JsonProperty("name") String name, @JsonProperty("value") double value,
                                     @JsonProperty("attribution") double attribution) {
    }

    /** The row part of an attribution, with no row parameters. */
    public static RowExplanation row(int index, String predicted, String actual, Attribution a) {
        return row(index, predicted, actual, a, Map.of());
    }

    /** The row part of an attribution; in log-odds space with the probabilities at base and output. */
    public static RowExplanation row(int index, String predicted, String actual, Attribution a,
                                     Map<String, String> rowParameters) {
        List<FeatureAttribution> f = new java.util.ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            f.add(new FeatureAttribution(a.featureNames().get(i), a.featureValues()[i], a.value(i)));
        }
        double residual = a.additivityResidual();
        boolean logOdds = LinearShap.LOG_ODDS.equals(a.outputSpace());
        return new RowExplanation(index, predicted, actual, a.baseValue(), a.modelOutput(),
                Double.isNaN(residual) ? null : residual, f, logOdds ? sigmoid(a.baseValue()) : null,
                logOdds ? sigmoid(a.modelOutput()) : null, rowParameters);
    }

    /** {@code 1 / (1 + e^-z)}: the probability of a log-odds value. */
    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * The parameters every attribution has with the same value, except those that describe a single row's fit
     * ({@link #isRowValue}); in the first attribution's order.
     */
    public static Map<String, String> sharedParameters(List<Attribution> attributions) {
        Map<String, String> shared = new java.util.LinkedHashMap<>();
        if (attributions.isEmpty()) {
            return shared;
        }
        for (Map.Entry<String, String> e : attributions.get(0).parameters().entrySet()) {
            if (!isRowValue(e.getKey())
                    && attributions.stream().allMatch(a -> e.getValue().equals(a.parameters().get(e.getKey())))) {
                shared.put(e.getKey(), e.getValue());
            }
        }
        return shared;
    }

    /**
     * Parameters that are findings about one row, never run-wide settings, even when only one row was explained:
     * LIME's surrogate prediction, RMSE, active features and coefficients; KernelSHAP's count of varying features
     * and the coalitions it solved for them.
     */
    public static boolean isRowValue(String key) {
        return key.startsWith("coefficient.") || key.equals("surrogatePrediction") || key.equals("surrogateRMSE")
                || key.equals("activeFeatures") || key.equals("varyingFeatures") || key.equals("coalitions")
                || key.equals("exact");
    }
}
