package dev.handoff.metrics;

import dev.handoff.runs.MetricSeries;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Turns a {@link MetricSeries} into x/y arrays for an {@link XMode}, sorted by x (stable) so they can be downsampled. */
public final class SeriesAlignment {
    private SeriesAlignment() {
    }

    /** x/y arrays of equal length, x non-decreasing. */
    public record XY(double[] x, double[] y) {
        public int size() {
            return x.length;
        }
    }

    /** Aligns with relative time measured from the series' earliest timestamp. */
    public static XY align(MetricSeries series, XMode mode) {
        long origin = Arrays.stream(series.timestamps()).min().orElse(0);
        return align(series, mode, origin);
    }

    /**
     * @param originMillis the run's first point (epoch millis) for {@link XMode#RELATIVE_TIME}; ignored otherwise.
     *                     Pass the minimum over all of a run's metrics to share one origin across charts.
     */
    public static XY align(MetricSeries series, XMode mode, long originMillis) {
        int n = series.size();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            switch (mode) {
                case STEP -> x[i] = series.steps()[i];
                case WALL_TIME -> x[i] = series.timestamps()[i];
                case RELATIVE_TIME -> x[i] = (series.timestamps()[i] - originMillis) / 1000.0;
                default -> throw new IllegalStateException("unknown x mode " + mode);
            }
        }
        double[] y = series.values().clone();
        if (isSorted(x)) {
            return new XY(x, y);
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble(i -> x[i]))
                .mapToInt(Integer::intValue).toArray();
        double[] sx = new double[n];
        double[] sy = new double[n];
        for (int i = 0; i < n; i++) {
            sx[i] = x[order[i]];
            sy[i] = y[order[i]];
        }
        return new XY(sx, sy);
    }

    private static boolean isSorted(double[] x) {
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
