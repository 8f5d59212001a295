package dev.handoff.bundle.fairness;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Confusion counts and rates of a binary classifier within one group of the sensitive attribute.
 *
 * @param group the attribute value
 * @param n number of examples
 * @param selectionRate P(ŷ = 1 | A = group)
 * @param accuracy P(ŷ = y | A = group)
 * @param truePositiveRate P(ŷ = 1 | y = 1, A = group)
 * @param falsePositiveRate P(ŷ = 1 | y = 0, A = group)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GroupStats(String group, long n, long truePositives, long falsePositives, long trueNegatives,
                         long falseNegatives, Interval selectionRate, Interval accuracy,
                         Interval truePositiveRate, Interval falsePositiveRate) {

    public static GroupStats of(String group, long tp, long fp, long tn, long fn) {
        long n = tp + fp + tn + fn;
        return new GroupStats(group, n, tp, fp, tn, fn,
                Interval.wilson(tp + fp, n),
                Interval.wilson(tp + tn, n),
                Interval.wilson(tp, tp + fn),
                Interval.wilson(fp, fp + tn));
    }
}
