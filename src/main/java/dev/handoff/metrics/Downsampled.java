package dev.handoff.metrics;

import java.util.Objects;

/**
 * A (possibly) reduced series ready to draw. A point whose {@code y} is NaN is a gap marker: the line breaks there.
 *
 * @param x             non-decreasing x values
 * @param y             y values, same length as {@code x}
 * @param originalCount number of points before reduction, for an "n of N pts" label
 */
public record Downsampled(double[] x, double[] y, int originalCount) {
    public Downsampled {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y lengths differ (" + x.length + ", " + y.length + ")");
        }
    }

    public int size() {
        return x.length;
    }

    /** True when points were dropped. */
    public boolean reduced() {
        return x.length < originalCount;
    }
}
