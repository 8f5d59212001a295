package dev.handoff.bundle;

import dev.handoff.explain.PrincipalReasons;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The printable adverse-action notice of a bundle ({@code explanations/reasons.html}): one page per adverse decision
 * with its principal reasons in the reason-code table's words, the applicant's values, and what the reasons were
 * computed from (model and table digests). Self-contained (inline style, no scripts, no external resources); every
 * text from the model, data or table is HTML-escaped.
 */
public final class ReasonsNotice {
    /** Where the notice lives in a bundle. */
    public static final String HTML = BundleLayout.EXPLANATIONS_DIR + "/reasons.html";
    /** Where the reasons' JSON lives in a bundle. */
    public static final String JSON_NAME = "reasons";

    private static final String STYLE = """
            body { font-family: Georgia, 'Times New Roman', serif; margin: 2em; color: #111; }
            section { page-break-after: always; margin-bottom: 3em; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; }
            ol li { margin: 0.4em 0; } .value { color: #333; font-size: 0.9em; }
            .warning { color: #8a1c1c; font-weight: bold; }
            footer, .meta { font-size: 0.8em; color: #444; }
            @media print { body { margin: 1cm; } }
            """;

    private ReasonsNotice() {
    }

    /**
     * The notice as UTF-8 HTML.
     *
     * @param modelSha256 the bundled model's SHA-256, named in each notice's footer
     */
    public static byte[] html(PrincipalReasons.Report report, String modelSha256) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Principal reasons for adverse decisions</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>Principal reasons for adverse decisions</h1>\n<p class=\"meta\">Model ")
                .append(esc(report.modelName())).append(" (sha256:").append(esc(modelSha256)).append("), ")
                .append(esc(report.method())).append(" attributions in ").append(esc(report.outputSpace()))
                .append("; adverse class '").append(esc(report.adverseClass())).append("'; ")
                .append(report.rows().size()).append(" adverse decisions among ").append(report.explainedRows())
                .append(" explained rows; reason codes: ")
                .append(report.reasonCodes() == null ? "<span class=\"warning\">none</span>"
                        : esc(report.reasonCodes()) + " (sha256:" + esc(report.reasonCodesSha256()) + ")")
                .append("</p>\n");
        for (String w : report.warnings()) {
            b.append("<p class=\"warning\">Warning: ").append(esc(w)).append("</p>\n");
        }
        for (PrincipalReasons.RowReasons row : report.rows()) {
            notice(b, report, row);
        }
        b.append("</body></html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void notice(StringBuilder b, PrincipalReasons.Report report, PrincipalReasons.RowReasons row) {
        b.append("<section>\n<h2>Notice of adverse decision: application (row ").append(row.row()).append(")</h2>\n")
                .append("<p>Decision: <strong>").append(esc(row.predicted())).append("</strong>")
                .append(String.format(Locale.ROOT, " (model score %.4f)", row.score())).append(".</p>\n")
                .append("<p>The principal reasons for this decision, most important first:</p>\n<ol>\n");
        for (PrincipalReasons.Reason r : row.reasons()) {
            b.append("<li>");
            if (r.mapped()) {
                b.append(esc(r.reason())).append(" <span class=\"meta\">(").append(esc(r.code())).append(")</span>");
            } else {
                b.append("<span class=\"warning\">No reason text: feature '").append(esc(r.feature()))
                        .append("' has no entry in the reason-code table</span>");
            }
            b.append("<br><span class=\"value\">").append(esc(r.feature())).append(" = ").append(number(r.value()))
                    .append(" (").append(esc(r.direction()));
            if (r.trainingMean() != null) {
                b.append(", typical ").append(number(r.trainingMean()));
            }
            b.append(")</span></li>\n");
        }
        b.append("</ol>\n");
        if (row.reasons().isEmpty()) {
            b.append("<p class=\"warning\">No feature pushed this decision toward the adverse outcome.</p>\n");
        }
        b.append("<footer>Computed by ").append(esc(report.method())).append(" on model ")
                .append(esc(report.modelName())).append("; up to ").append(report.maxReasons())
                .append(" reasons.</footer>\n</section>\n");
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "missing";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** HTML-escapes text for element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
