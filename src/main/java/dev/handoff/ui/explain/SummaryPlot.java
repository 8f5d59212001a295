package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport.FeatureAttribution;
import dev.handoff.explain.ExplanationReport.RowExplanation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Beeswarm-style summary of many explained rows: one lane per feature (most important — highest mean |φ| — on top),
 * one dot per row at x = attribution, with a seeded vertical jitter and the feature's value scaled to [0, 1] within
 * the feature for colouring ({@code NaN} for a missing value).
 *
 * @param features lane names from the bottom lane (index 0) to the top one
 * @param points   every dot
 */
public record SummaryPlot(List<String> features, List<Dot> points) {

    /** Half the height of the band a lane's dots are jittered in (lanes are 1 apart). */
    static final double JITTER = 0.3;

    /**
     * @param lane         index into {@code features}
     * @param attribution  x
     * @param y            lane plus jitter
     * @param valueScaled  the feature value scaled to [0, 1] within the feature, or {@code NaN}
     */
    public record Dot(int lane, double attribution, double y, double valueScaled) {
    }

    public SummaryPlot {
        features = List.copyOf(features);
        points = List.copyOf(points);
    }

    /** The plot of the rows' top {@code maxFeatures} features; {@code seed} fixes the jitter. */
    public static SummaryPlot of(List<RowExplanation> rows, int maxFeatures, long seed) {
        Map<String, List<FeatureAttribution>> byFeature = new LinkedHashMap<>();
        for (RowExplanation row : rows) {
            for (FeatureAttribution f : row.features()) {
                byFeature.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
            }
        }
        List<String> order = new ArrayList<>(byFeature.keySet());
        order.sort(Comparator.comparingDouble((String n) -> -meanAbs(byFeature.get(n))).thenComparing(n -> n));
        List<String> top = order.subList(0, Math.min(maxFeatures, order.size()));
        List<String> lanes = new ArrayList<>(top);
        java.util.Collections.reverse(lanes);
        Random jitter = new Random(seed);
        List<Dot> dots = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            List<FeatureAttribution> values = byFeature.get(lanes.get(lane));
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (FeatureAttribution f : values) {
                if (!Double.isNaN(f.value())) {
                    min = Math.min(min, f.value());
                    max = Math.max(max, f.value());
                }
            }
            for (FeatureAttribution f : values) {
                double scaled = Double.isNaN(f.value()) ? Double.NaN : max > min ? (f.value() - min) / (max - min) : 0.5;
                double y = lane + (jitter.nextDouble() * 2 - 1) * JITTER;
                dots.add(new Dot(lane, f.attribution(), y, scaled));
            }
        }
        return new SummaryPlot(lanes, dots);
    }

    private static double meanAbs(List<FeatureAttribution> values) {
        return values.stream().mapToDouble(f -> Math.abs(f.attribution())).average().orElse(0);
    }
}
