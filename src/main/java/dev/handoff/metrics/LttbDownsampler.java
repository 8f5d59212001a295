package dev.handoff.metrics;

/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the first and last point and, from each of
 * {@code target - 2} equal-count buckets, the point forming the largest triangle with the previously kept point and
 * the average of the next bucket. Preserves the visual shape with a fixed point budget. O(n).
 * <p>
 * Non-finite y values (NaN, ±Inf) are gaps: LTTB runs over the finite points only, and wherever the original series
 * has non-finite points between two kept points a single NaN gap marker is inserted, so the line still breaks there.
 * Output holds at most {@code 2 * target - 1} points ({@code target} kept points plus gap markers between them).
 */
public final class LttbDownsampler {
    private LttbDownsampler() {
    }

    /**
     * @param x      finite, non-decreasing
     * @param y      same length as {@code x}
     * @param target number of points to keep, positive; below 3 or at least the finite count nothing is dropped
     * @throws IllegalArgumentException when the arrays differ in length, x is not finite and non-decreasing, or
     *                                  {@code target < 1}
     */
    public static Downsampled downsample(double[] x, double[] y, int target) {
        SeriesChecks.validate(x, y, target);
        int n = x.length;
        int[] finite = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(y[i])) {
                finite[m++] = i;
            }
        }
        if (m <= target || target < 3) {
            return SeriesChecks.copyOf(x, y);
        }
        int[] kept = lttb(x, y, finite, m, target);
        return withGaps(x, y, kept);
    }

    /** LTTB over the {@code m} finite indices; returns {@code target} ascending original indices. */
    private static int[] lttb(double[] x, double[] y, int[] finite, int m, int target) {
        int[] kept = new int[target];
        int k = 0;
        kept[k++] = finite[0];
        double every = (double) (m - 2) / (target - 2);
        int a = 0;
        for (int b = 0; b < target - 2; b++) {
            int avgStart = (int) Math.floor((b + 1) * every) + 1;
            int avgEnd = Math.min((int) Math.floor((b + 2) * every) + 1, m);
            double avgX = 0;
            double avgY = 0;
            for (int j = avgStart; j < avgEnd; j++) {
                avgX += x[finite[j]];
                avgY += y[finite[j]];
            }
            int avgLen = avgEnd - avgStart;
            avgX /= avgLen;
            avgY /= avgLen;

            int rangeStart = (int) Math.floor(b * every) + 1;
            int rangeEnd = (int) Math.floor((b + 1) * every) + 1;
            double ax = x[finite[a]];
            double ay = y[finite[a]];
            double bestArea = -1;
            int best = rangeStart;
            for (int j = rangeStart; j < rangeEnd; j++) {
                double area = Math.abs((ax - avgX) * (y[finite[j]] - ay) - (ax - x[finite[j]]) * (avgY - ay));
                if (area > bestArea) {
                    bestArea = area;
                    best = j;
                }
            }
            kept[k++] = finite[best];
            a = best;
        }
        kept[k] = finite[m - 1];
        return kept;
    }

    /** Copies the kept points, inserting one NaN marker between kept points that straddle non-finite originals. */
    private static Downsampled withGaps(double[] x, double[] y, int[] kept) {
        double[] ox = new double[2 * kept.length - 1];
        double[] oy = new double[ox.length];
        int count = 0;
        for (int i = 0; i < kept.length; i++) {
            if (i > 0) {
                for (int j = kept[i - 1] + 1; j < kept[i]; j++) {
                    if (!Double.isFinite(y[j])) {
                        ox[count] = x[j];
                        oy[count++] = Double.NaN;
                        break;
                    }
                }
            }
            ox[count] = x[kept[i]];
            oy[count++] = y[kept[i]];
        }
        return new Downsampled(java.util.Arrays.copyOf(ox, count), java.util.Arrays.copyOf(oy, count), x.length);
    }
}
