package dev.handoff.bundle.fairness;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A proportion with its 95% Wilson score interval.
 *
 * @param value the observed proportion, NaN when there are no trials
 * @param lower lower bound of the interval, NaN when there are no trials
 * @param upper upper bound of the interval, NaN when there are no trials
 * @param successes number of successes
 * @param trials number of trials
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Interval(double value, double lower, double upper, long successes, long trials) {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** The Wilson score interval for {@code successes} out of {@code trials}. */
    public static Interval wilson(long successes, long trials) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        if (trials == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half), successes, trials);
    }
}
