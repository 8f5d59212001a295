package dev.handoff.metrics;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinMaxIndexTest {

    /** The definition, point by point: columns of equal width, each keeps first, min, max, last and first gap. */
    private static Downsampled naive(double[] x, double[] y, int from, int to, double x0, double span, int buckets,
                                     int originalCount) {
        List<Integer> picks = new ArrayList<>();
        int start = from;
        while (start < to) {
            int b = bucket(x[start], x0, span, buckets);
            int end = start;
            while (end < to && bucket(x[end], x0, span, buckets) == b) {
                end++;
            }
            int first = -1, min = -1, max = -1, last = -1, gap = -1;
            for (int i = start; i < end; i++) {
                if (!Double.isFinite(y[i])) {
                    gap = gap < 0 ? i : gap;
                    continue;
                }
                if (first < 0) {
                    first = min = max = i;
                }
                last = i;
                min = y[i] < y[min] ? i : min;
                max = y[i] > y[max] ? i : max;
            }
            int[] p = {first, min, max, last, gap};
            Arrays.sort(p);
            int prev = -1;
            for (int v : p) {
                if (v >= 0 && v != prev) {
                    picks.add(v);
                    prev = v;
                }
            }
            start = end;
        }
        double[] ox = picks.stream().mapToDouble(i -> x[i]).toArray();
        double[] oy = picks.stream().mapToDouble(i -> y[i]).toArray();
        return new Downsampled(ox, oy, originalCount);
    }

    private static int bucket(double xi, double x0, double span, int buckets) {
        if (span <= 0) {
            return 0;
        }
        return Math.max(0, Math.min((int) ((xi - x0) / span * buckets), buckets - 1));
    }

    private static void assertSame(Downsampled expected, Downsampled actual) {
        assertArrayEquals(expected.x(), actual.x());
        assertArrayEquals(expected.y(), actual.y());
        assertEquals(expected.originalCount(), actual.originalCount());
    }

    private static double[][] randomSeries(Random rnd, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        double cx = rnd.nextDouble() * 100;
        boolean discrete = rnd.nextBoolean(); // few distinct values: ties for min and max everywhere
        for (int i = 0; i < n; i++) {
            cx += rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 3; // repeated x too
            x[i] = cx;
            int kind = rnd.nextInt(100);
            y[i] = kind == 0 ? Double.NaN : kind == 1 ? Double.POSITIVE_INFINITY
                    : discrete ? rnd.nextInt(5) - 2 : rnd.nextGaussian() * 10;
        }
        return new double[][]{x, y};
    }

    @RepeatedTest(25)
    void wholeSeriesMatchesThePointByPointDefinition(RepetitionInfo repetition) {
        Random rnd = new Random(7000L + repetition.getCurrentRepetition()); // a failure names its seed
        int n = 1 + rnd.nextInt(20_000);
        int buckets = 1 + rnd.nextInt(400);
        double[][] s = randomSeries(rnd, n);
        Downsampled actual = MinMaxIndex.of(s[0], s[1]).downsample(buckets);
        Downsampled expected = n <= 4 * buckets ? new Downsampled(s[0], s[1], n)
                : naive(s[0], s[1], 0, n, s[0][0], s[0][n - 1] - s[0][0], buckets, n);
        assertSame(expected, actual);
    }

    @RepeatedTest(25)
    void zoomedWindowMatchesTheDefinitionOnTheVisiblePointsPlusOneEachSide(RepetitionInfo repetition) {
        Random rnd = new Random(9000L + repetition.getCurrentRepetition());
        int n = 10 + rnd.nextInt(50_000);
        int buckets = 1 + rnd.nextInt(300);
        double[][] s = randomSeries(rnd, n);
        double[] x = s[0];
        double a = x[0] + rnd.nextDouble() * (x[n - 1] - x[0]);
        double b = x[0] + rnd.nextDouble() * (x[n - 1] - x[0]);
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        int from = 0;
        while (from < n && x[from] < lo) {
            from++;
        }
        int to = from;
        while (to < n && x[to] <= hi) {
            to++;
        }
        from = Math.max(0, from - 1);
        to = Math.min(n, to + 1);
        int count = to - from;
        Downsampled actual = MinMaxIndex.of(x, s[1]).downsample(lo, hi, buckets);
        Downsampled expected = count <= 4 * buckets
                ? new Downsampled(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(s[1], from, to), count)
                : naive(x, s[1], from, to, lo, hi - lo, buckets, count);
        assertSame(expected, actual);
    }

    @Test
    void zoomingInShowsDetailThatTheFullViewReducesAway() {
        int n = 1_000_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 3.0); // period ~19 steps: a solid band at full view
        }
        MinMaxIndex index = MinMaxIndex.of(x, y);
        Downsampled full = index.downsample(1000);
        assertTrue(full.size() <= 5000);
        Downsampled zoomed = index.downsample(500_000, 500_400, 1000);
        // 401 visible points plus one neighbour each side, all of them: no reduction at this zoom
        assertEquals(403, zoomed.size());
        assertEquals(499_999, zoomed.x()[0]);
        assertEquals(500_401, zoomed.x()[zoomed.size() - 1]);
        assertEquals(403, zoomed.originalCount());
    }

    @Test
    void windowOutsideTheDataKeepsTheNearestPointAndBadWindowsAreRefused() {
        double[] x = {0, 1, 2, 3};
        double[] y = {4, 5, 6, 7};
        MinMaxIndex index = MinMaxIndex.of(x, y);
        assertArrayEquals(new double[]{3}, index.downsample(10, 20, 5).x());
        assertArrayEquals(new double[]{0}, index.downsample(-9, -5, 5).x());
        assertThrows(IllegalArgumentException.class, () -> index.downsample(2, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> index.downsample(0, Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> index.downsample(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> MinMaxIndex.of(new double[]{1, 0}, new double[]{0, 0}));
    }
}
