package dev.handoff.drift;

import java.util.Locale;

/** The plain-text drift report. */
public final class DriftText {
    private DriftText() {
    }

    public static String render(DriftReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Drift of %s (%d rows) against the %s profile (%s, %d rows)%n", r.data(), r.rows(),
                r.reference(), r.referenceFile(), r.referenceRows()));
        s.append(String.format(Locale.ROOT, "%-24s %-12s %-30s %12s %10s %-8s %8s %-9s%n", "column", "kind", "test",
                "statistic", "threshold", "verdict", "PSI", "PSI band"));
        for (DriftReport.ColumnDrift c : r.columns()) {
            line(s, c);
        }
        if (r.score() != null) {
            line(s, r.score());
        }
        s.append(String.format(Locale.ROOT, "Data set: %d of %d columns drifted (%.0f%%; drift at >= %.0f%%): %s%n",
                r.driftedColumns(), r.columns().size(), r.driftedShare() * 100, r.plan().driftShare() * 100,
                r.datasetDrift() ? "DATA SET DRIFT" : "no data set drift"));
        if (!r.performance().isEmpty()) {
            s.append("Label-based metrics on the new data:\n");
            for (DriftReport.GroupPerformance g : r.performance()) {
                s.append(String.format(Locale.ROOT, "  %-8s rows %6d  accuracy %.3f  positive rate %.3f  TPR %.3f  FPR %.3f%n",
                        g.group(), g.rows(), g.accuracy(), g.positiveRate(), g.truePositiveRate(), g.falsePositiveRate()));
            }
        }
        r.notes().forEach(n -> s.append("note: ").append(n).append('\n'));
        s.append(r.driftDetected() ? "DRIFT DETECTED\n" : "No drift detected\n");
        return s.toString();
    }

    private static void line(StringBuilder s, DriftReport.ColumnDrift c) {
        s.append(String.format(Locale.ROOT, "%-24s %-12s %-30s %12.6g %10.3g %-8s %8.4f %-9s%n", c.column(), c.kind().json(),
                c.testName() + (c.exact() ? "" : " (approx.)"), c.statistic(), c.threshold(), c.drifted() ? "DRIFT" : "ok",
                c.psi(), c.psiBand()));
    }
}
