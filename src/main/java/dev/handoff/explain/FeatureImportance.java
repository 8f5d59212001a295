package dev.handoff.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A global feature ranking: one entry per feature, sorted per {@link #order}.
 *
 * @param kind       what the values are, e.g. {@code "permutation importance (accuracy drop)"} or {@code "mean |SHAP|"}
 * @param entries    entries sorted per {@code order} (ties by name)
 * @param parameters how the ranking was computed (metric, repeats, seed, baseline score, ...)
 * @param order      how the entries are sorted
 */
public record FeatureImportance(String kind, List<Entry> entries, Map<String, String> parameters, Order order) {

    /** How a ranking is sorted. */
    public enum Order {
        /** By decreasing |value|: signed weights and mean |SHAP|, where the sign is a direction, not a size. */
        MAGNITUDE,
        /**
         * By decreasing signed value, as users of sklearn's {@code permutation_importance} sort
         * {@code importances_mean}: a feature whose shuffling improved the score (negative drop) ranks below one
         * that did nothing.
         */
        SIGNED
    }

    /**
     * @param feature feature name
     * @param value   importance (for linear weights: signed)
     * @param std     spread of the value over repeats or rows, {@code NaN} when not applicable
     */
    public record Entry(String feature, double value, double std) {
    }

    public FeatureImportance {
        order = order == null ? Order.MAGNITUDE : order;
        List<Entry> sorted = new ArrayList<>(entries);
        Comparator<Entry> by = order == Order.SIGNED ? Comparator.comparingDouble((Entry e) -> -e.value())
                : Comparator.comparingDouble((Entry e) -> -Math.abs(e.value()));
        sorted.sort(by.thenComparing(Entry::feature));
        entries = List.copyOf(sorted);
        parameters = Map.copyOf(parameters);
    }

    /** A ranking by decreasing |value|. */
    public FeatureImportance(String kind, List<Entry> entries, Map<String, String> parameters) {
        this(kind, entries, parameters, Order.MAGNITUDE);
    }

    /** Feature names from most to least important. */
    public List<String> ranking() {
        return entries.stream().map(Entry::feature).toList();
    }

    /** The entry of a feature. */
    public Entry entry(String feature) {
        return entries.stream().filter(e -> e.feature().equals(feature)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No feature '" + feature + "' in " + kind));
    }

    /** The {@code n} most important entries. */
    public List<Entry> top(int n) {
        return entries.subList(0, Math.min(n, entries.size()));
    }

    /**
     * Mean |attribution| per feature over local explanations (the usual SHAP summary), with the standard deviation
     * of |attribution| as spread.
     *
     * @throws IllegalArgumentException if the list is empty or the attributions are over different features
     */
    public static FeatureImportance meanAbsolute(List<Attribution> attributions) {
        if (attributions.isEmpty()) {
            throw new IllegalArgumentException("Need at least one attribution");
        }
        Attribution first = attributions.get(0);
        int m = first.size();
        double[] sum = new double[m];
        double[] sumSq = new double[m];
        for (Attribution a : attributions) {
            if (!a.featureNames().equals(first.featureNames())) {
                throw new IllegalArgumentException("Attributions over different features: " + first.featureNames()
                        + " vs " + a.featureNames());
            }
            for (int i = 0; i < m; i++) {
                double v = Math.abs(a.value(i));
                sum[i] += v;
                sumSq[i] += v * v;
            }
        }
        int n = attributions.size();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double mean = sum[i] / n;
            double var = n > 1 ? Math.max(0, (sumSq[i] - n * mean * mean) / (n - 1)) : Double.NaN;
            entries.add(new Entry(first.featureNames().get(i), mean, Math.sqrt(var)));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("rows", Integer.toString(n));
        params.put("method", first.method().name());
        params.put("explainedOutput", first.explainedOutput());
        return new FeatureImportance("mean |" + first.method() + "|", entries, params);
    }
}
