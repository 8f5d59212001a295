package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.LinearShap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an explanation's numbers are, in words, under the charts: the scale of the attributions (log-odds with the
 * probability rule, margin, probability), where TreeSHAP's covers or the background came from and how many rows,
 * and how a global ranking is sorted. Plain text, so it is tested without a display.
 */
final class ExplainNotes {
    private ExplainNotes() {
    }

    static List<String> of(ExplanationReport report) {
        List<String> notes = new ArrayList<>();
        Map<String, String> p = report.parameters();
        if (!report.rows().isEmpty()) {
            if (LinearShap.LOG_ODDS.equals(report.outputSpace())) {
                notes.add("Attributions add up in log-odds of '" + report.explainedOutput() + "' (log p/(1-p), twice"
                        + " Tribuo's two-class softmax logit); probability = 1 / (1 + e^-log-odds), shown per row at"
                        + " the base value and at the output");
            } else {
                notes.add("Attributions add up in " + report.outputSpace() + " of '" + report.explainedOutput() + "'");
            }
        }
        if (p.containsKey("coversRows")) {
            notes.add("TreeSHAP covers: " + p.get("covers") + ", " + p.get("coversRows") + " rows");
        } else if (p.containsKey("covers")) {
            notes.add("TreeSHAP covers: " + p.get("covers"));
        }
        if (p.containsKey("background")) {
            notes.add("Background: " + p.get("background")
                    + (p.containsKey("backgroundRows") ? " (" + p.get("backgroundRows") + " rows)" : ""));
        }
        if ("PERMUTATION".equals(report.method())) {
            notes.add("Sorted by the signed mean " + report.outputSpace() + ", largest first (as sklearn's"
                    + " importances_mean); a negative value means shuffling the feature improved the score");
        }
        if ("LIME".equals(report.method())) {
            notes.add("LIME's surrogate fit (prediction, RMSE, coefficients) is per row, under row_parameters");
        }
        return notes;
    }

    static String text(ExplanationReport report) {
        return String.join("\n", of(report));
    }
}
