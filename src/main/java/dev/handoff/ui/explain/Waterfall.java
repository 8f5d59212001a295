package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport.FeatureAttribution;
import dev.handoff.explain.ExplanationReport.RowExplanation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a row's waterfall: the base value, then each feature's contribution in decreasing |attribution|
 * (the smallest ones folded into one "other features" step past {@code maxSteps}), ending at the model output.
 *
 * @param base     the explainer's base value (expected output)
 * @param steps    contributions in drawing order, each starting where the previous ended
 * @param output   the model's output for the row
 * @param residual |base + Σφ − output| as reported by the explainer, {@code NaN} when not applicable (LIME)
 * @param baseProbability   the probability at the base value when the scale is log-odds, else {@code NaN}
 * @param outputProbability the probability at the output when the scale is log-odds, else {@code NaN}
 */
public record Waterfall(double base, List<Step> steps, double output, double residual, double baseProbability,
                        double outputProbability) {

    /**
     * One bar of the waterfall.
     *
     * @param label        what the bar stands for, e.g. {@code "x0 = 1.25"} or {@code "3 other features"}
     * @param attribution  the contribution
     * @param start        running total before the contribution
     * @param end          running total after it
     */
    public record Step(String label, double attribution, double start, double end) {
    }

    public Waterfall {
        steps = List.copyOf(steps);
    }

    /** A waterfall without probabilities (not on a log-odds scale). */
    public Waterfall(double base, List<Step> steps, double output, double residual) {
        this(base, steps, output, residual, Double.NaN, Double.NaN);
    }

    /** The waterfall of an explained row, at most {@code maxSteps} feature steps (the last may fold the rest). */
    public static Waterfall of(RowExplanation row, int maxSteps) {
        if (maxSteps < 2) {
            throw new IllegalArgumentException("maxSteps must be at least 2, was " + maxSteps);
        }
        List<FeatureAttribution> sorted = new ArrayList<>(row.features());
        sorted.sort(Comparator.comparingDouble((FeatureAttribution f) -> -Math.abs(f.attribution()))
                .thenComparing(FeatureAttribution::name));
        List<Step> steps = new ArrayList<>();
        double running = row.baseValue();
        boolean fold = sorted.size() > maxSteps;
        int shown = fold ? maxSteps - 1 : sorted.size();
        for (int i = 0; i < shown; i++) {
            FeatureAttribution f = sorted.get(i);
            steps.add(new Step(f.name() + " = " + number(f.value()), f.attribution(), running, running + f.attribution()));
            running += f.attribution();
        }
        if (fold) {
            double rest = 0;
            for (int i = shown; i < sorted.size(); i++) {
                rest += sorted.get(i).attribution();
            }
            steps.add(new Step((sorted.size() - shown) + " other features", rest, running, running + rest));
        }
        double residual = row.additivityResidual() == null ? Double.NaN : row.additivityResidual();
        return new Waterfall(row.baseValue(), steps, row.modelOutput(), residual,
                row.baseProbability() == null ? Double.NaN : row.baseProbability(),
                row.outputProbability() == null ? Double.NaN : row.outputProbability());
    }

    /** Σφ over all features. */
    public double sum() {
        return steps.stream().mapToDouble(Step::attribution).sum();
    }

    /**
     * E.g. {@code "base 0.31 + Σφ 0.42 = 0.73 (model output 0.73, residual 2.1e-12)"}; on a log-odds scale followed by
     * {@code "; probability 0.42 at base → 0.67 at output"}.
     */
    public String summary() {
        String res = Double.isNaN(residual) ? "not additive" : String.format(Locale.ROOT, "residual %.1e", residual);
        String text = String.format(Locale.ROOT, "base %s + Σφ %s = %s (model output %s, %s)", number(base),
                number(sum()), number(base + sum()), number(output), res);
        if (!Double.isNaN(baseProbability) && !Double.isNaN(outputProbability)) {
            text += String.format(Locale.ROOT, "; log-odds: probability %.3f at base → %.3f at output",
                    baseProbability, outputProbability);
        }
        return text;
    }

    /** Two decimals for ordinary magnitudes, scientific otherwise (NaN shown as "missing"). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "missing";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
