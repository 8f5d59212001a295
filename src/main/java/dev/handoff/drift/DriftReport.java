package dev.handoff.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The comparison of new data with a bundle's reference profile. {@link #driftDetected()} is true when any monitored
 * column (or the score) drifts by its test; {@link #datasetDrift()} is Evidently's data set verdict (share of drifted
 * columns &ge; the plan's drift share).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(String format, String data, String dataSha256, long rows, String reference,
                          String referenceFile, long referenceRows, MonitoringPlan plan, List<ColumnDrift> columns,
                          ColumnDrift score, int driftedColumns, double driftedShare, boolean datasetDrift,
                          boolean driftDetected, List<GroupPerformance> performance, List<String> notes) {
    public static final String FORMAT = "handoff-drift-report/1";

    /**
     * One column's comparison. {@code test} is Evidently's name of the default test ({@code ks}, {@code chisquare},
     * {@code z}, {@code wasserstein}, {@code jensenshannon}); {@code statistic} is what Evidently reports as the drift
     * score (a p-value for the tests, a distance otherwise); {@code exact} is false when the reference was a quantile
     * sketch or the KS p-value is asymptotic. {@code psi} is on the bins fixed in the profile ({@code bins}, shares
     * {@code referenceShares} / {@code currentShares}).
     */
    public record ColumnDrift(String column, ColumnKind kind, String test, String testName, double statistic,
                              double threshold, boolean drifted, boolean exact, double psi, String psiBand,
                              long referenceCount, long currentCount, long currentMissing, List<String> bins,
                              double[] referenceShares, double[] currentShares) {
        /** Higher is worse: drifted columns first, then by PSI. */
        public double severity() {
            return (drifted ? 1000 : 0) + (Double.isNaN(psi) ? 0 : psi);
        }
    }

    /** Label-based metrics of the model on the new data, overall and per group of the sensitive column. */
    public record GroupPerformance(String group, long rows, double accuracy, double positiveRate, double truePositiveRate,
                                   double falsePositiveRate) {
    }

    public static String psiBand(double psi, MonitoringPlan plan) {
        if (Double.isNaN(psi)) {
            return "n/a";
        }
        return psi >= plan.psiMajor() ? "major" : psi >= plan.psiModerate() ? "moderate" : "stable";
    }
}
