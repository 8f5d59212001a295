package dev.handoff.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The profile of one column (or of the model's score) on one data set: never the rows, only what later comparisons
 * need. Numerical columns carry count, missing, min/max/mean/std (population, as numpy's {@code std}), quantiles,
 * a {@link Histogram} whose edges are fixed here (deciles of this data) for the PSI, and the value
 * {@link Distribution} (exact distinct values with counts, or a quantile sketch when there are too many distinct
 * values) for the tests Evidently runs by default. Categorical columns carry their category frequencies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(String name, ColumnKind kind, long count, long missing, long unique, Double min, Double max,
                            Double mean, Double std, Map<String, Double> quantiles, Histogram histogram,
                            Distribution distribution, Map<String, Long> categories) {

    /**
     * Fixed bins: {@code edges} are the inner cut points; bin 0 is (-inf, edges[0]], bin i is (edges[i-1], edges[i]],
     * the last bin is (edges[last], +inf). {@code counts} has one more entry than {@code edges}.
     */
    public record Histogram(double[] edges, long[] counts) {
        public int bin(double x) {
            int lo = 0;
            int hi = edges.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (x <= edges[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }

    /**
     * The distribution of the non-missing values: sorted distinct {@code values} with their {@code weights}. When
     * {@code exact} the weights are the counts of each value; otherwise the values are a quantile sketch (equally
     * spaced quantiles, each weight 1) and every test computed from it is an approximation, said so in the report.
     */
    public record Distribution(boolean exact, double[] values, long[] weights) {
        public long total() {
            long t = 0;
            for (long w : weights) {
                t += w;
            }
            return t;
        }
    }

    public boolean numerical() {
        return kind == ColumnKind.NUMERICAL;
    }
}
