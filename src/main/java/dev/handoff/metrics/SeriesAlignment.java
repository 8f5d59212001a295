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
        return sortByX(xValues(series, mode, originMillis), series.values().clone());
    }

    /**
     * Each point's x for {@code mode}, in the series' own (step, timestamp) order, unsorted.
     *
     * @throws IllegalArgumentException for {@link XMode#METRIC}: that x comes from another series ({@link #pairByStep})
     */
    public static double[] xValues(MetricSeries series, XMode mode, long originMillis) {
        int n = series.size();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            switch (mode) {
                case STEP -> x[i] = series.steps()[i];
                case WALL_TIME -> x[i] = series.timestamps()[i];
                case RELATIVE_TIME -> x[i] = (series.timestamps()[i] - originMillis) / 1000.0;
                case METRIC -> throw new IllegalArgumentException(
                        "x = another metric pairs two series by step: use SeriesAlignment.pairByStep");
                default -> throw new IllegalStateException("unknown x mode " + mode);
            }
        }
        return x;
    }

    /** Points of a metric plotted against another metric of the same run, in ascending step order. */
    public record Paired(long[] steps, double[] x, double[] y) {
        public int size() {
            return steps.length;
        }

        /** The points sorted by x (stable), for drawing and downsampling. */
        public XY byX() {
            return sortByX(x.clone(), y.clone());
        }
    }

    /**
     * Pairs {@code y} with {@code x} by step: one point per step that both logged, holding each series' last point at
     * that step (the latest by timestamp, MLflow's rule). Steps where the x value is not finite are left out (such a
     * point has no place on the axis); a non-finite y is kept, as on any metric chart.
     */
    public static Paired pairByStep(MetricSeries y, MetricSeries x) {
        int n = Math.min(y.size(), x.size());
        long[] steps = new long[n];
        double[] px = new double[n];
        double[] py = new double[n];
        int count = 0;
        int i = 0;
        int j = 0;
        long[] ys = y.steps();
        long[] xs = x.steps();
        while (i < ys.length && j < xs.length) {
            if (ys[i] < xs[j]) {
                i++;
            } else if (xs[j] < ys[i]) {
                j++;
            } else {
                long step = ys[i];
                while (i + 1 < ys.length && ys[i + 1] == step) {
                    i++;
                }
                while (j + 1 < xs.length && xs[j + 1] == step) {
                    j++;
                }
                if (Double.isFinite(x.values()[j])) {
                    steps[count] = step;
                    px[count] = x.values()[j];
                    py[count] = y.values()[i];
                    count++;
                }
                i++;
                j++;
            }
        }
        return new Paired(Arrays.copyOf(steps, count), Arrays.copyOf(px, count), Arrays.copyOf(py, count));
    }

    /** Sorts the points by x, stable; returns the arrays as they are when already sorted. */
    public static XY sortByX(double[] x, double[] y) {
        int n = x.length;
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
