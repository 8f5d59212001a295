package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A dependence plot's data: for one feature, its value against its attribution in every explained row, with the
 * values of the feature that interacts with it most strongly (the colour of shap's {@code dependence_plot}).
 *
 * <p><b>The interacting feature</b> follows shap's {@code approximate_interactions}: the rows are sorted by the main
 * feature's value and cut into consecutive bins of {@code max(1, min(50, n / 10))} rows; inside a bin the main
 * feature's value hardly changes, so what spread its attributions still have is not its own trend. For every other
 * feature the absolute Pearson correlation between its values and the main feature's attributions is summed over the
 * bins (a bin where either is constant or missing adds nothing); the feature with the largest sum is the one whose
 * values best explain the residual spread. This is an approximation of the SHAP interaction values, not those values.
 *
 * @param feature            the main feature
 * @param interaction        the strongest interacting feature, or null (a single feature, or no residual spread)
 * @param interactionScore   the summed absolute within-bin correlation of {@code interaction} (0 without one)
 * @param points             one per explained row that has a value of the feature, ascending by value
 */
public record Dependence(@JsonProperty("feature") String feature,
                         @JsonProperty("interaction") String interaction,
                         @JsonProperty("interaction_score") double interactionScore,
                         @JsonProperty("points") List<Point> points) {

    /**
     * One explained row.
     *
     * @param row              the row's index in the explained data
     * @param value            the main feature's value
     * @param attribution      the main feature's attribution
     * @param interactionValue the interacting feature's value ({@code NaN}: none, or missing)
     */
    public record Point(@JsonProperty("row") int row, @JsonProperty("value") double value,
                        @JsonProperty("attribution") double attribution,
                        @JsonProperty("interaction_value") double interactionValue) {
    }

    public Dependence {
        points = List.copyOf(points);
    }

    /**
     * The dependence of {@code feature} over every row of a local explanation.
     *
     * @throws IllegalArgumentException if the report has no rows or does not name the feature
     */
    public static Dependence of(ExplanationReport report, String feature) {
        if (report.rows().isEmpty()) {
            throw new IllegalArgumentException("a dependence plot needs a local explanation (rows), " + report.method()
                    + " has none");
        }
        List<String> names = report.rows().get(0).features().stream().map(ExplanationReport.FeatureAttribution::name)
                .toList();
        int main = names.indexOf(feature);
        if (main < 0) {
            throw new IllegalArgumentException("the explanation has no feature '" + feature + "' (it has " + names + ")");
        }
        int n = report.rows().size();
        double[][] values = new double[n][];
        double[] phi = new double[n];
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) {
            ExplanationReport.RowExplanation row = report.rows().get(r);
            values[r] = row.features().stream().mapToDouble(ExplanationReport.FeatureAttribution::value).toArray();
            phi[r] = row.features().get(main).attribution();
            rows[r] = row.row();
        }
        Integer[] order = IntStream.range(0, n).filter(r -> !Double.isNaN(values[r][main])).boxed()
                .sorted(Comparator.comparingDouble((Integer r) -> values[r][main]).thenComparingInt(r -> rows[r]))
                .toArray(Integer[]::new);
        int best = -1;
        double bestScore = 0;
        for (int j = 0; j < names.size(); j++) {
            if (j == main) {
                continue;
            }
            double score = interactionScore(order, values, phi, j);
            if (score > bestScore + 1e-12) {
                best = j;
                bestScore = score;
            }
        }
        List<Point> points = new ArrayList<>(order.length);
        for (int r : order) {
            points.add(new Point(rows[r], values[r][main], phi[r], best < 0 ? Double.NaN : values[r][best]));
        }
        return new Dependence(feature, best < 0 ? null : names.get(best), best < 0 ? 0 : bestScore, points);
    }

    /** Σ over bins of |corr(attribution of the main feature, value of feature j)|, as shap approximates it. */
    static double interactionScore(Integer[] sortedRows, double[][] values, double[] phi, int j) {
        int n = sortedRows.length;
        int inc = Math.max(1, Math.min(50, n / 10));
        double sum = 0;
        for (int start = 0; start < n; start += inc) {
            int end = Math.min(n, start + inc);
            double[] a = new double[end - start];
            double[] b = new double[end - start];
            int k = 0;
            for (int i = start; i < end; i++) {
                double v = values[sortedRows[i]][j];
                if (!Double.isNaN(v)) {
                    a[k] = phi[sortedRows[i]];
                    b[k] = v;
                    k++;
                }
            }
            sum += Math.abs(correlation(Arrays.copyOf(a, k), Arrays.copyOf(b, k)));
        }
        return sum;
    }

    /** Pearson's r, 0 for fewer than two points or a constant side. */
    static double correlation(double[] a, double[] b) {
        int n = a.length;
        if (n < 2) {
            return 0;
        }
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        double scale = Math.sqrt(saa * sbb);
        return scale <= 1e-15 * Math.max(1, Math.abs(sab)) || scale == 0 ? 0 : sab / scale;
    }
}
