package dev.handoff.metrics;

/**
 * Min/max-per-column downsampling ("M4"): the x range is cut into {@code buckets} equal-width columns (one per pixel)
 * and each column keeps its first, minimum, maximum and last point in x order, so every spike survives and the drawn
 * line is pixel-identical to drawing all points.
 * <p>
 * Non-finite y values (NaN, ±Inf) are gaps: they never count as a column's min or max; a column that contains one
 * keeps its first non-finite point as a gap marker, so the line still breaks there. Output holds at most
 * {@code 5 * buckets} points (4 extremes plus a gap marker per column). O(n); a chart that re-reduces the same
 * series on every zoom keeps a {@link MinMaxIndex} instead.
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
        SeriesChecks.requirePositive(buckets);
        return MinMaxIndex.of(x, y).downsample(buckets);
    }

    /** The zoomed window {@code [lo, hi]} of the series; see {@link MinMaxIndex#downsample(double, double, int)}. */
    public static Downsampled downsample(double[] x, double[] y, double lo, double hi, int buckets) {
        SeriesChecks.requirePositive(buckets);
        return MinMaxIndex.of(x, y).downsample(lo, hi, buckets);
    }
}
