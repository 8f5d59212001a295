package dev.handoff.bundle.fairness;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Group fairness of a binary classifier with respect to one sensitive attribute, following
 * fairlearn's definitions: demographic-parity difference = max − min selection rate over groups,
 * demographic-parity ratio = min / max selection rate, equalized-odds difference =
 * max(TPR difference, FPR difference) where each difference is max − min over groups.
 *
 * @param attribute name of the sensitive attribute
 * @param positiveLabel the label treated as the positive outcome
 * @param groups per-group statistics, sorted by group value
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GroupMetrics(String attribute, String positiveLabel, List<GroupStats> groups,
                           double demographicParityDifference, double demographicParityRatio,
                           double equalizedOddsDifference) {

    public GroupMetrics {
        groups = List.copyOf(groups);
    }

    /**
     * Computes the metrics from parallel arrays of true labels, predicted labels and group values.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static GroupMetrics compute(String attribute, String positiveLabel, List<String> truth,
                                       List<String> predicted, List<String> group) {
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        if (truth.size() != predicted.size() || truth.size() != group.size()) {
            throw new IllegalArgumentException("truth, predicted and group must have the same length: "
                    + truth.size() + ", " + predicted.size() + ", " + group.size());
        }
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("no examples to compute group metrics from");
        }
        Map<String, long[]> counts = new TreeMap<>();
        for (int i = 0; i < truth.size(); i++) {
            boolean actual = positiveLabel.equals(truth.get(i));
            boolean selected = positiveLabel.equals(predicted.get(i));
            long[] c = counts.computeIfAbsent(String.valueOf(group.get(i)), g -> new long[4]);
            c[actual ? (selected ? 0 : 3) : (selected ? 1 : 2)]++;
        }
        List<GroupStats> stats = new ArrayList<>();
        counts.forEach((g, c) -> stats.add(GroupStats.of(g, c[0], c[1], c[2], c[3])));
        double minSel = min(stats, s -> s.selectionRate().value());
        double maxSel = max(stats, s -> s.selectionRate().value());
        double tprDiff = max(stats, s -> s.truePositiveRate().value()) - min(stats, s -> s.truePositiveRate().value());
        double fprDiff = max(stats, s -> s.falsePositiveRate().value()) - min(stats, s -> s.falsePositiveRate().value());
        double ratio = maxSel == 0 ? (minSel == 0 ? 1.0 : Double.NaN) : minSel / maxSel;
        return new GroupMetrics(attribute, positiveLabel, stats, maxSel - minSel, ratio, Math.max(tprDiff, fprDiff));
    }

    /**
     * Computes the metrics from Tribuo predictions: the truth is each prediction's example output, the
     * prediction its output label; {@code groups.get(i)} is the attribute value of prediction {@code i}.
     */
    public static GroupMetrics fromPredictions(String attribute, String positiveLabel,
                                               List<Prediction<Label>> predictions, List<String> groups) {
        List<String> truth = predictions.stream().map(p -> p.getExample().getOutput().getLabel()).toList();
        List<String> predicted = predictions.stream().map(p -> p.getOutput().getLabel()).toList();
        return compute(attribute, positiveLabel, truth, predicted, groups);
    }

    /** Minimum over groups, ignoring groups where the rate is undefined (NaN). */
    private static double min(List<GroupStats> stats, ToDoubleFunction<GroupStats> f) {
        return stats.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
    }

    private static double max(List<GroupStats> stats, ToDoubleFunction<GroupStats> f) {
        return stats.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }
}
