package dev.handoff.drift;

import java.util.List;

/**
 * What the bundle promises to monitor and with which thresholds: the columns, the data set they are compared with,
 * the PSI bands, the p-value and distance thresholds of Evidently's default tests, the share of drifted columns that
 * makes the data set drifted, and the reference size up to which the small-sample tests are used.
 */
public record MonitoringPlan(String reference, List<String> monitored, double psiModerate, double psiMajor,
                             double pValue, double distance, double driftShare, int smallReference) {
    public static final double PSI_MODERATE = 0.10;
    public static final double PSI_MAJOR = 0.25;
    /** Evidently: KS, chi-squared and Z tests flag drift at p &lt; 0.05. */
    public static final double P_VALUE = 0.05;
    /** Evidently: normed Wasserstein and Jensen-Shannon distances flag drift at &ge; 0.1. */
    public static final double DISTANCE = 0.1;
    /** Evidently's DataDriftPreset: the data set drifts when at least half of the columns do. */
    public static final double DRIFT_SHARE = 0.5;
    /** Evidently: reference data of at most 1,000 rows gets the statistical tests, larger the distances. */
    public static final int SMALL_REFERENCE = 1000;

    public MonitoringPlan {
        monitored = List.copyOf(monitored);
        if (!(psiModerate > 0 && psiModerate <= psiMajor)) {
            throw new IllegalArgumentException("PSI bands must satisfy 0 < moderate <= major, got " + psiModerate + " / " + psiMajor);
        }
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("the drift share must be in (0, 1], got " + driftShare);
        }
    }

    public static MonitoringPlan defaults(String reference, List<String> monitored) {
        return new MonitoringPlan(reference, monitored, PSI_MODERATE, PSI_MAJOR, P_VALUE, DISTANCE, DRIFT_SHARE, SMALL_REFERENCE);
    }

    public MonitoringPlan withPsiBands(double moderate, double major) {
        return new MonitoringPlan(reference, monitored, moderate, major, pValue, distance, driftShare, smallReference);
    }

    public MonitoringPlan withDriftShare(double share) {
        return new MonitoringPlan(reference, monitored, psiModerate, psiMajor, pValue, distance, share, smallReference);
    }
}
