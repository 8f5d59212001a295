package dev.handoff.metrics;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinMaxDownsamplerTest {

    @Test
    void keepsFirstMinMaxLastOfEachColumnInXOrder() {
        // x 0..9 over 2 columns: [0,5) and [5,9]; 10 points > 4*2 so reduction happens
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] y = {5, 9, 1, 4, 3, 2, 2, -7, 8, 6};
        Downsampled d = MinMaxDownsampler.downsample(x, y, 2);
        // column 0: first 0 (5), max 1 (9), min 2 (1), last 4 (3); column 1: first 5 (2), min 7 (-7), max 8 (8), last 9 (6)
        assertArrayEquals(new double[]{0, 1, 2, 4, 5, 7, 8, 9}, d.x());
        assertArrayEquals(new double[]{5, 9, 1, 3, 2, -7, 8, 6}, d.y());
        assertEquals(10, d.originalCount());
    }

    @Test
    void shortSeriesIsReturnedUnchanged() {
        double[] x = {1, 2, 3};
        double[] y = {3, 1, 2};
        Downsampled d = MinMaxDownsampler.downsample(x, y, 1);
        assertArrayEquals(x, d.x());
        assertArrayEquals(y, d.y());
    }

    @Test
    void nanIsAGapNotAnExtreme() {
        double[] x = new double[12];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i] = i;
            y[i] = i;
        }
        y[3] = Double.NaN;
        y[4] = Double.NaN;
        Downsampled d = MinMaxDownsampler.downsample(x, y, 2);
        // column 0 = x 0..5: first 0, min 0, max 5, last 5, gap marker at 3
        assertArrayEquals(new double[]{0, 3, 5, 6, 11}, d.x());
        assertEquals(0, d.y()[0]);
        assertTrue(Double.isNaN(d.y()[1]));
        assertEquals(5, d.y()[2]);
    }

    @Test
    void rejectsDecreasingXAndBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MinMaxDownsampler.downsample(new double[]{0, 2, 1}, new double[]{1, 1, 1}, 1));
        assertTrue(e.getMessage().contains("x[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxDownsampler.downsample(new double[]{0}, new double[]{1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> MinMaxDownsampler.downsample(new double[]{0}, new double[]{1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MinMaxDownsampler.downsample(new double[]{0, Double.NaN}, new double[]{1, 1}, 1));
    }

    @RepeatedTest(20)
    void propertyEveryColumnExtremeFirstAndLastKeptWithinBound(org.junit.jupiter.api.RepetitionInfo repetition) {
        Random rnd = new Random(1000L + repetition.getCurrentRepetition()); // reproducible: a failure names its seed
        int n = 500 + rnd.nextInt(5000);
        int buckets = 1 + rnd.nextInt(300);
        double[] x = new double[n];
        double[] y = new double[n];
        double cx = rnd.nextDouble() * 100;
        for (int i = 0; i < n; i++) {
            cx += rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 3; // repeated x values too
            x[i] = cx;
            y[i] = rnd.nextInt(50) == 0 ? Double.NaN : rnd.nextGaussian() * 10 + (rnd.nextInt(200) == 0 ? 1e4 : 0);
        }
        Downsampled d = MinMaxDownsampler.downsample(x, y, buckets);
        assertTrue(d.size() <= Math.max(n <= 4 * buckets ? n : 0, 5 * buckets), "size " + d.size());
        assertEquals(x[0], d.x()[0]);
        int lastFinite = n - 1;
        while (lastFinite > 0 && !Double.isFinite(y[lastFinite])) {
            lastFinite--;
        }
        // the last point is kept; a trailing gap (NaN) needs no point of its own
        assertTrue(d.x()[d.size() - 1] >= x[lastFinite] && d.x()[d.size() - 1] <= x[n - 1], "last x " + d.x()[d.size() - 1]);
        if (Double.isFinite(y[n - 1])) {
            assertEquals(x[n - 1], d.x()[d.size() - 1]);
        }
        for (int i = 1; i < d.size(); i++) {
            assertTrue(d.x()[i] >= d.x()[i - 1], "output x order");
        }
        // every column's finite min and max must be present among the output points of that column
        double span = x[n - 1] - x[0];
        double[] colMin = new double[buckets];
        double[] colMax = new double[buckets];
        java.util.Arrays.fill(colMin, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(y[i])) {
                int b = column(x[i], x[0], span, buckets);
                colMin[b] = Math.min(colMin[b], y[i]);
                colMax[b] = Math.max(colMax[b], y[i]);
            }
        }
        double[] outMin = new double[buckets];
        double[] outMax = new double[buckets];
        java.util.Arrays.fill(outMin, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(outMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < d.size(); i++) {
            if (Double.isFinite(d.y()[i])) {
                int b = column(d.x()[i], x[0], span, buckets);
                outMin[b] = Math.min(outMin[b], d.y()[i]);
                outMax[b] = Math.max(outMax[b], d.y()[i]);
            }
        }
        assertArrayEquals(colMin, outMin);
        assertArrayEquals(colMax, outMax);
    }

    private static int column(double xi, double x0, double span, int buckets) {
        return span <= 0 ? 0 : Math.min((int) ((xi - x0) / span * buckets), buckets - 1);
    }
}
