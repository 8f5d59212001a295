package dev.handoff.metrics;

import java.util.Arrays;

/** Argument checks shared by the downsamplers. */
final class SeriesChecks {
    private SeriesChecks() {
    }

    /** Checks equal lengths, finite non-decreasing x and a positive target. */
    static void validate(double[] x, double[] y, int target) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y lengths differ (" + x.length + ", " + y.length + ")");
        }
        requirePositive(target);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x[" + i + "] is not finite: " + x[i]);
            }
            if (i > 0 && x[i] < x[i - 1]) {
                throw new IllegalArgumentException("x must be non-decreasing, but x[" + i + "] = " + x[i]
                        + " < x[" + (i - 1) + "] = " + x[i - 1]);
            }
        }
    }

    static void requirePositive(int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target must be positive, got " + target);
        }
    }

    static Downsampled copyOf(double[] x, double[] y) {
        return new Downsampled(Arrays.copyOf(x, x.length), Arrays.copyOf(y, y.length), x.length);
    }

    /** Picks the given original indices (ascending, {@code count} of them) into a result. */
    static Downsampled pick(double[] x, double[] y, int[] idx, int count) {
        double[] ox = new double[count];
        double[] oy = new double[count];
        for (int i = 0; i < count; i++) {
            ox[i] = x[idx[i]];
            oy[i] = y[idx[i]];
        }
        return new Downsampled(ox, oy, x.length);
    }
}
