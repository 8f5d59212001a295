package dev.handoff.explain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A local explanation of one model output for one row: one attribution per feature.
 *
 * <p>For the SHAP methods local accuracy holds: {@code baseValue + Σ values ≈ modelOutput}; see
 * {@link #additivityResidual()}. For LIME the values are the surrogate's weights and the residual is not applicable.
 *
 * @param featureNames     feature names, in the order of the two arrays
 * @param featureValues    the explained row's value per feature ({@code NaN} = missing / absent)
 * @param values           attribution per feature
 * @param baseValue        the expected output the attributions start from (for LIME: the surrogate's intercept, or NaN)
 * @param modelOutput      the model's output being explained, in {@link #outputSpace()}
 * @param explainedOutput  which output was explained, e.g. the class label
 * @param outputSpace      human readable output space, e.g. {@code "probability"} or {@code "margin (log-odds)"}
 * @param method           how the values were computed
 * @param parameters       method parameters (sample counts, seeds, background size, ...) for display and provenance
 */
public record Attribution(List<String> featureNames, double[] featureValues, double[] values, double baseValue,
                          double modelOutput, String explainedOutput, String outputSpace, ExplanationMethod method,
                          Map<String, String> parameters) {

    public Attribution {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(explainedOutput, "explainedOutput");
        Objects.requireNonNull(outputSpace, "outputSpace");
        Objects.requireNonNull(method, "method");
        parameters = Map.copyOf(parameters);
        if (featureValues.length != featureNames.size() || values.length != featureNames.size()) {
            throw new IllegalArgumentException("Attribution needs one value and one attribution per feature: "
                    + featureNames.size() + " names, " + featureValues.length + " values, " + values.length
                    + " attributions");
        }
        featureValues = featureValues.clone();
        values = values.clone();
    }

    @Override
    public double[] featureValues() {
        return featureValues.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Number of features. */
    public int size() {
        return values.length;
    }

    /** Attribution of feature {@code i}. */
    public double value(int i) {
        return values[i];
    }

    /** Sum of all attributions. */
    public double sum() {
        return Arrays.stream(values).sum();
    }

    /**
     * {@code |baseValue + Σ values − modelOutput|}, the local-accuracy error; {@code NaN} for LIME, whose surrogate is
     * not additive by construction.
     */
    public double additivityResidual() {
        if (!method.isAdditive()) {
            return Double.NaN;
        }
        return Math.abs(baseValue + sum() - modelOutput);
    }

    /** Feature indices ordered by decreasing |attribution| (ties by index), for bar charts and top-k lists. */
    public int[] rankByMagnitude() {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(values[i])).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribution a && featureNames.equals(a.featureNames)
                && Arrays.equals(featureValues, a.featureValues) && Arrays.equals(values, a.values)
                && Double.compare(baseValue, a.baseValue) == 0 && Double.compare(modelOutput, a.modelOutput) == 0
                && explainedOutput.equals(a.explainedOutput) && outputSpace.equals(a.outputSpace)
                && method == a.method && parameters.equals(a.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureNames, Arrays.hashCode(featureValues), Arrays.hashCode(values), baseValue,
                modelOutput, explainedOutput, outputSpace, method, parameters);
    }

    @Override
    public String toString() {
        return "Attribution[" + method + " of " + explainedOutput + " (" + outputSpace + "), base=" + baseValue
                + ", output=" + modelOutput + ", values=" + Arrays.toString(values) + "]";
    }
}
