package dev.handoff.metrics;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LttbDownsamplerTest {

    @Test
    void picksTheLargestTriangleInEachBucket() {
        // 6 points, target 4: buckets of the 4 inner points are {1,2} and {3,4}
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {0, 0, 10, 0, 0, 0};
        Downsampled d = LttbDownsampler.downsample(x, y, 4);
        // bucket {1,2}: triangle with (0,0) and avg of {3,4} = (3.5,0): point 2 (height 10) wins.
        // bucket {3,4}: triangle with (2,10) and last (5,0): areas |(2-5)(0-10) - (2-3)(0-10)| = |30-10| = 20 for x=3,
        // and |(2-5)(0-10) - (2-4)(0-10)| = |30-20| = 10 for x=4 → point 3.
        assertArrayEquals(new double[]{0, 2, 3, 5}, d.x());
        assertArrayEquals(new double[]{0, 10, 0, 0}, d.y());
    }

    @Test
    void nanBetweenKeptPointsBecomesOneGapMarker() {
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
            y[i] = Math.sin(i);
        }
        y[9] = Double.NaN;
        y[10] = Double.NaN;
        Downsampled d = LttbDownsampler.downsample(x, y, 5);
        int gaps = 0;
        for (int i = 0; i < d.size(); i++) {
            if (Double.isNaN(d.y()[i])) {
                gaps++;
                assertEquals(9, d.x()[i]);
            }
        }
        assertEquals(1, gaps);
        assertEquals(6, d.size());
    }

    @Test
    void smallTargetsOrShortSeriesAreUnchanged() {
        double[] x = {0, 1, 2, 3};
        double[] y = {1, 2, 3, 4};
        assertArrayEquals(y, LttbDownsampler.downsample(x, y, 2).y());
        assertArrayEquals(y, LttbDownsampler.downsample(x, y, 10).y());
        assertThrows(IllegalArgumentException.class, () -> LttbDownsampler.downsample(new double[]{1, 0}, new double[]{1, 1}, 3));
    }

    @RepeatedTest(10)
    void propertyFirstLastKeptAndBudgetRespected(org.junit.jupiter.api.RepetitionInfo repetition) {
        Random rnd = new Random(2000L + repetition.getCurrentRepetition()); // reproducible
        int n = 100 + rnd.nextInt(5000);
        int target = 3 + rnd.nextInt(400);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5;
            y[i] = rnd.nextGaussian();
        }
        Downsampled d = LttbDownsampler.downsample(x, y, target);
        assertEquals(Math.min(n, target), d.size());
        assertEquals(x[0], d.x()[0]);
        assertEquals(y[n - 1], d.y()[d.size() - 1]);
        for (int i = 1; i < d.size(); i++) {
            assertTrue(d.x()[i] > d.x()[i - 1]);
        }
    }
}
