package dev.handoff.metrics;

import java.util.Arrays;

/**
 * Reduces a band (a lower and an upper edge over sorted x) to at most one point per pixel column of a window, keeping
 * its envelope: each column's point spans the smallest lower and the largest upper edge of the points in it, so no
 * excursion of the band is lost, however many points it has. The nearest point outside the window on either side is
 * kept too, so the band reaches the plot's edges.
 */
public final class BandDownsampler {
    private BandDownsampler() {
    }

    /** A reduced band: x (ascending), lower and upper edge. */
    public record Reduced(double[] x, double[] lower, double[] upper) {
        public int size() {
            return x.length;
        }
    }

    /** Over the whole x range. */
    public static Reduced downsample(double[] x, double[] lower, double[] upper, int buckets) {
        if (x.length == 0) {
            return new Reduced(new double[0], new double[0], new double[0]);
        }
        return downsample(x, lower, upper, x[0], x[x.length - 1], buckets);
    }

    /**
     * @param x      ascending
     * @param lo     window start
     * @param hi     window end, {@code >= lo}
     */
    public static Reduced downsample(double[] x, double[] lower, double[] upper, double lo, double hi, int buckets) {
        int n = x.length;
        if (lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("x, lower and upper differ in length");
        }
        int from = firstAtOrAbove(x, lo);
        int to = firstAbove(x, hi); // exclusive
        from = Math.max(0, from - 1);
        to = Math.min(n, to + 1);
        int b = Math.max(1, buckets);
        if (to - from <= 2L * b) {
            return new Reduced(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(lower, from, to),
                    Arrays.copyOfRange(upper, from, to));
        }
        double[] ox = new double[b + 2];
        double[] ol = new double[b + 2];
        double[] ou = new double[b + 2];
        int count = 0;
        double width = hi > lo ? (hi - lo) / b : 1;
        int current = Integer.MIN_VALUE;
        for (int i = from; i < to; i++) {
            int bucket = x[i] < lo ? -1 : x[i] > hi ? b : (int) Math.min(b - 1, Math.floor((x[i] - lo) / width));
            if (bucket != current || count == 0) {
                current = bucket;
                ox[count] = x[i];
                ol[count] = lower[i];
                ou[count] = upper[i];
                count++;
            } else {
                ol[count - 1] = Math.min(ol[count - 1], lower[i]);
                ou[count - 1] = Math.max(ou[count - 1], upper[i]);
            }
        }
        return new Reduced(Arrays.copyOf(ox, count), Arrays.copyOf(ol, count), Arrays.copyOf(ou, count));
    }

    private static int firstAtOrAbove(double[] x, double v) {
        int a = 0;
        int b = x.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (x[m] < v) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    private static int firstAbove(double[] x, double v) {
        int a = 0;
        int b = x.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (x[m] <= v) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }
}
