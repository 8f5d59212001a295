package dev.handoff.bundle.cohorts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.handoff.bundle.fairness.GroupStats;
import dev.handoff.bundle.fairness.Interval;

import java.util.Arrays;

/**
 * The performance of the model on one cohort, computed as the fairness section computes it per group
 * ({@link GroupStats}: confusion counts, accuracy, TPR and FPR with 95% Wilson intervals), plus the error rate
 * (Wilson) and the ROC AUC of the positive score with a 95% Hanley–McNeil interval.
 *
 * @param name   what the cohort is called (the filter for a user-defined one)
 * @param filter the cohort's filter in {@link CohortFilter} grammar ({@code "all"} rows when empty)
 * @param stats  confusion counts and rates; {@code stats.group()} is the name
 * @param errorRate P(ŷ ≠ y) in the cohort
 * @param auc    ROC AUC, NaN (value and bounds) when the cohort has one class only or the model gives no scores
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CohortStats(String name, String filter, long n, GroupStats stats, Interval errorRate, Auc auc) {

    /** ROC AUC with its 95% interval (Hanley &amp; McNeil 1982), clamped to [0, 1]. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Auc(double value, double lower, double upper, long positives, long negatives) {
        static final Auc NONE = new Auc(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /** The stats of the given rows. */
    public static CohortStats of(String name, String filter, CohortData data, int[] rows) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        String positive = data.positiveLabel();
        for (int r : rows) {
            boolean actual = positive.equals(data.truth().get(r));
            boolean selected = positive.equals(data.predicted().get(r));
            if (actual) {
                if (selected) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (selected) {
                fp++;
            } else {
                tn++;
            }
        }
        long n = rows.length;
        return new CohortStats(name, filter, n, GroupStats.of(name, tp, fp, tn, fn),
                Interval.wilson(fp + fn, n), auc(data, rows));
    }

    /** Mann–Whitney AUC of the positive score (ties count half) with the Hanley–McNeil standard error. */
    static Auc auc(CohortData data, int[] rows) {
        int n = rows.length;
        double[][] scored = new double[n][];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            double s = data.scores()[rows[i]];
            if (Double.isNaN(s)) {
                return Auc.NONE;
            }
            boolean pos = data.positiveLabel().equals(data.truth().get(rows[i]));
            scored[i] = new double[]{s, pos ? 1 : 0};
            positives += pos ? 1 : 0;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return new Auc(Double.NaN, Double.NaN, Double.NaN, positives, negatives);
        }
        Arrays.sort(scored, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scored[j + 1][0] == scored[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSum += scored[k][1] * rank;
            }
            i = j + 1;
        }
        double a = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        double var = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / ((double) positives * negatives);
        double half = Interval.Z95 * Math.sqrt(Math.max(0, var));
        return new Auc(a, Math.max(0, a - half), Math.min(1, a + half), positives, negatives);
    }
}
