package dev.handoff.metrics;

/**
 * Min/max-per-column downsampling ("M4"): the x range is cut into {@code buckets} equal-width columns (one per pixel)
 * and each column keeps its first, minimum, maximum and last point in x order, so every spike survives and the drawn
 * line is pixel-identical to drawing all points.
 * <p>
 * Non-finite y values (NaN, ±Inf) are gaps: they never count as a column's min or max; a column that contains one
 * keeps its first non-finite point as a gap marker, so the line still breaks there. Output holds at most
 * {@code 5 * buckets} points (4 extremes plus a gap marker per column). O(n).
 */
public final class MinMaxDownsampler {
    private MinMaxDownsampler() {
    }

    /**
     * @param x       finite, non-decreasing
     * @param y       same length as {@code x}
     * @param buckets number of columns (typically the chart's pixel width), positive
     * @throws IllegalArgumentException when the arrays differ in length, x is not finite and non-decreasing, or
     *                                  {@code buckets < 1}
     */
    public static Downsampled downsample(double[] x, double[] y, int buckets) {
        SeriesChecks.validate(x, y, buckets);
        int n = x.length;
        if (n <= 4L * buckets) {
            return SeriesChecks.copyOf(x, y);
        }
        double x0 = x[0];
        double span = x[n - 1] - x0;
        int[] out = new int[Math.min(n, 5 * buckets)];
        int count = 0;
        int start = 0;
        while (start < n) {
            int bucket = bucketOf(x[start], x0, span, buckets);
            int end = start + 1;
            while (end < n && bucketOf(x[end], x0, span, buckets) == bucket) {
                end++;
            }
            count = emitBucket(y, start, end, out, count);
            start = end;
        }
        return SeriesChecks.pick(x, y, out, count);
    }

    private static int bucketOf(double xi, double x0, double span, int buckets) {
        if (span <= 0) {
            return 0;
        }
        int b = (int) ((xi - x0) / span * buckets);
        return Math.min(b, buckets - 1);
    }

    /** Appends the distinct indices first, min, max, last and first gap of [start, end) in ascending order. */
    private static int emitBucket(double[] y, int start, int end, int[] out, int count) {
        int first = -1;
        int last = -1;
        int min = -1;
        int max = -1;
        int gap = -1;
        for (int i = start; i < end; i++) {
            double v = y[i];
            if (!Double.isFinite(v)) {
                if (gap < 0) {
                    gap = i;
                }
                continue;
            }
            if (first < 0) {
                first = i;
                min = i;
                max = i;
            }
            last = i;
            if (v < y[min]) {
                min = i;
            }
            if (v > y[max]) {
                max = i;
            }
        }
        int[] picks = {first, min, max, last, gap};
        java.util.Arrays.sort(picks);
        int previous = -1;
        for (int p : picks) {
            if (p >= 0 && p != previous) {
                out[count++] = p;
                previous = p;
            }
        }
        return count;
    }
}
