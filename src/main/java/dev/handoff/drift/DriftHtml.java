package dev.handoff.drift;

import java.util.Locale;

/** A self-contained HTML page of a drift report (no scripts; bars are inline SVG). */
public final class DriftHtml {
    private DriftHtml() {
    }

    public static String render(DriftReport r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift report</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}"
                + ".drift{color:#b00020;font-weight:bold}.ok{color:#1b5e20}.ref{fill:#4e79a7}.cur{fill:#f28e2b}</style></head><body>\n");
        h.append("<h1>Drift report</h1>\n<p>").append(esc(r.data())).append(" (").append(r.rows()).append(" rows) against the ")
                .append(esc(r.reference())).append(" profile (").append(esc(r.referenceFile())).append(", ").append(r.referenceRows())
                .append(" rows). <strong class=\"").append(r.driftDetected() ? "drift\">Drift detected" : "ok\">No drift detected")
                .append("</strong>; ").append(r.driftedColumns()).append(" of ").append(r.columns().size()).append(" columns drifted")
                .append(r.datasetDrift() ? " (data set drift)" : "").append(".</p>\n");
        h.append("<table><tr><th>column</th><th>test</th><th>statistic</th><th>threshold</th><th>verdict</th><th>PSI</th><th>band</th><th>reference vs current</th></tr>\n");
        for (DriftReport.ColumnDrift c : r.columns()) {
            row(h, c);
        }
        if (r.score() != null) {
            row(h, r.score());
        }
        h.append("</table>\n");
        if (!r.performance().isEmpty()) {
            h.append("<h2>Label-based metrics</h2><table><tr><th>group</th><th>rows</th><th>accuracy</th><th>positive rate</th><th>TPR</th><th>FPR</th></tr>\n");
            for (DriftReport.GroupPerformance g : r.performance()) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                        esc(g.group()), g.rows(), g.accuracy(), g.positiveRate(), g.truePositiveRate(), g.falsePositiveRate()));
            }
            h.append("</table>\n");
        }
        for (String n : r.notes()) {
            h.append("<p>").append(esc(n)).append("</p>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder h, DriftReport.ColumnDrift c) {
        h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s%s</td><td>%.6g</td><td>%.3g</td><td class=\"%s\">%s</td><td>%.4f</td><td>%s</td><td>",
                esc(c.column()), esc(c.testName()), c.exact() ? "" : " (approx.)", c.statistic(), c.threshold(),
                c.drifted() ? "drift" : "ok", c.drifted() ? "drift" : "ok", c.psi(), c.psiBand()));
        int n = c.referenceShares().length;
        int w = 12;
        h.append("<svg width=\"").append(n * w * 2 + 2).append("\" height=\"40\">");
        double max = 1e-9;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(c.referenceShares()[i], c.currentShares()[i]));
        }
        for (int i = 0; i < n; i++) {
            double hr = 38 * c.referenceShares()[i] / max, hc = 38 * c.currentShares()[i] / max;
            h.append(String.format(Locale.ROOT, "<rect class=\"ref\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"><title>%s reference %.3f</title></rect>",
                    i * 2 * w, 40 - hr, w - 1, hr, esc(c.bins().get(i)), c.referenceShares()[i]));
            h.append(String.format(Locale.ROOT, "<rect class=\"cur\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"><title>%s current %.3f</title></rect>",
                    i * 2 * w + w, 40 - hc, w - 1, hc, esc(c.bins().get(i)), c.currentShares()[i]));
        }
        h.append("</svg></td></tr>\n");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
