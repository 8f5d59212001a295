package dev.handoff.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one benchmark case.
 *
 * @param name        case name, as given to {@code --only}
 * @param oursMillis  our time in milliseconds (NaN when skipped)
 * @param refMillis   the reference tool's time in milliseconds (NaN when skipped)
 * @param ratio       the figure the goal is stated in (see {@code ratioMeaning})
 * @param ratioMeaning how {@code ratio} is computed, e.g. "reference / ours"
 * @param goal        the goal, in words
 * @param met         whether the goal was met
 * @param details     further measurements, one per line
 * @param skipped     why the case did not run, or null when it ran
 * @param figures     named numbers besides the times that a check may need, e.g. {@code maxAbsDiff}
 */
public record BenchResult(String name, double oursMillis, double refMillis, double ratio, String ratioMeaning,
                          String goal, boolean met, List<String> details, String skipped, Map<String, Double> figures) {

    public BenchResult {
        details = List.copyOf(details);
        figures = Map.copyOf(figures);
    }

    BenchResult(String name, double oursMillis, double refMillis, double ratio, String ratioMeaning, String goal,
                boolean met, List<String> details) {
        this(name, oursMillis, refMillis, ratio, ratioMeaning, goal, met, details, null, Map.of());
    }

    static BenchResult skipped(String name, String goal, String reason) {
        return new BenchResult(name, Double.NaN, Double.NaN, Double.NaN, "", goal, false, List.of(), reason, Map.of());
    }

    public boolean ran() {
        return skipped == null;
    }

    /** One Markdown table row: case | ours | reference | ratio | goal | met?. */
    String row() {
        if (!ran()) {
            return "| " + name + " | – | – | – | " + goal + " | skipped: " + skipped.replace('|', '/') + " |";
        }
        return "| " + name + " | " + millis(oursMillis) + " | " + millis(refMillis) + " | "
                + String.format(Locale.ROOT, "%.2f× (%s)", ratio, ratioMeaning) + " | " + goal + " | "
                + (met ? "yes" : "**no**") + " |";
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms)
                : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
