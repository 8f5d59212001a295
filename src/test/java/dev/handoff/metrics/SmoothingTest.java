package dev.handoff.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each smoothing kind against its published definition, worked by hand or by brute force. */
class SmoothingTest {
    private static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final double[] Y = {1, 3, 2, 6, 4, 8, 7, 9};

    @Test
    void emaIsTensorBoardsDebiasedAverage() {
        double w = 0.6;
        double[] out = new Smoothing(Smoothing.Kind.EMA, w).apply(X, Y);
        // TensorBoard: last = last·w + (1-w)·v; shown = last / (1 - w^n)
        double last = 0;
        for (int i = 0; i < Y.length; i++) {
            last = last * w + (1 - w) * Y[i];
            assertEquals(last / (1 - Math.pow(w, i + 1)), out[i], 1e-12);
        }
    }

    @Test
    void timeWeightedEmaEqualsEmaForEvenSpacingAndForgetsMoreOverAGap() {
        double w = 0.8;
        assertArrayEquals(new Smoothing(Smoothing.Kind.EMA, w).apply(X, Y),
                new Smoothing(Smoothing.Kind.TIME_WEIGHTED_EMA, w).apply(X, Y), 1e-12);
        double[] x = {0, 1, 3};
        double[] y = {1, 2, 4};
        double g = 1.5; // mean spacing
        double d1 = Math.pow(w, 1 / g);
        double d2 = Math.pow(w, 2 / g);
        double[] out = new Smoothing(Smoothing.Kind.TIME_WEIGHTED_EMA, w).apply(x, y);
        assertEquals(1, out[0], 1e-12);
        assertEquals((1 * d1 + 2) / (d1 + 1), out[1], 1e-12);
        assertEquals((1 * d1 * d2 + 2 * d2 + 4) / (d1 * d2 + d2 + 1), out[2], 1e-12);
    }

    @Test
    void gaussianIsTheKernelWeightedMeanOfThePointsAroundEachPoint() {
        Random r = new Random(3);
        int n = 200;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i == 0 ? 0 : x[i - 1] + 0.5 + r.nextDouble(); // uneven logging
            y[i] = Math.sin(i / 10.0) + r.nextGaussian() * 0.3;
        }
        double steps = 3;
        double sigma = steps * (x[n - 1] - x[0]) / (n - 1);
        double[] out = new Smoothing(Smoothing.Kind.GAUSSIAN, steps).apply(x, y);
        for (int i : new int[]{0, 17, 100, n - 1}) {
            double sum = 0;
            double weights = 0;
            for (int j = 0; j < n; j++) { // every point, no cut-off
                double k = Math.exp(-Math.pow(x[j] - x[i], 2) / (2 * sigma * sigma));
                sum += k * y[j];
                weights += k;
            }
            assertEquals(sum / weights, out[i], 1e-3, "point " + i);
        }
        double[] xs = new double[21];
        double[] line = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
            line[i] = 2 * i + 1;
        }
        double[] smoothLine = new Smoothing(Smoothing.Kind.GAUSSIAN, 1).apply(xs, line);
        assertEquals(line[10], smoothLine[10], 1e-9, "a symmetric kernel keeps a straight line in the interior");
    }

    @Test
    void runningAverageIsTheMeanOfACentredWindowClippedAtTheEnds() {
        double[] three = new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 3).apply(X, Y);
        assertEquals((1 + 3) / 2.0, three[0], 1e-12);
        assertEquals((3 + 2 + 6) / 3.0, three[2], 1e-12);
        assertEquals((7 + 9) / 2.0, three[7], 1e-12);
        double[] four = new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 4).apply(X, Y);
        assertEquals((3 + 2 + 6 + 4) / 4.0, four[2], 1e-12, "one point before, two after");
    }

    @Test
    void nonFinitePointsPassThroughAndNeverEnterAnAverage() {
        double[] y = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5};
        double[] x = {0, 1, 2, 3, 4};
        for (Smoothing s : new Smoothing[]{new Smoothing(Smoothing.Kind.EMA, 0.5),
                new Smoothing(Smoothing.Kind.TIME_WEIGHTED_EMA, 0.5), new Smoothing(Smoothing.Kind.GAUSSIAN, 1),
                new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 3)}) {
            double[] out = s.apply(x, y);
            assertTrue(Double.isNaN(out[1]), s.toString());
            assertEquals(Double.POSITIVE_INFINITY, out[3], s.toString());
            for (int i : new int[]{0, 2, 4}) {
                assertTrue(Double.isFinite(out[i]) && out[i] >= 1 && out[i] <= 5, s + " at " + i);
            }
        }
        double[] window = new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 3).apply(x, y);
        assertEquals(1.0, window[0], 1e-12, "the window {1, NaN} averages its one finite point");
        assertEquals(3.0, window[2], 1e-12, "the window {NaN, 3, Inf} likewise");
    }

    @Test
    void parametersOutOfRangeAreRefusedNamingTheKind() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Smoothing(Smoothing.Kind.EMA, 1));
        assertTrue(e.getMessage().contains("EMA"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Smoothing(Smoothing.Kind.GAUSSIAN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 0.5));
        assertTrue(Smoothing.ema(0).none());
        assertTrue(new Smoothing(Smoothing.Kind.RUNNING_AVERAGE, 1).none());
    }
}
