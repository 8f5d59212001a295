package dev.handoff.metrics;

import dev.handoff.runs.MetricSeries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** x = another metric (pairing by step) and the band's envelope-keeping reduction. */
class PairAndBandTest {
    @Test
    void aMetricIsPairedWithAnotherByStepTakingEachOnesLastPointAtTheStep() {
        MetricSeries loss = new MetricSeries("r", "loss", new long[]{0, 1, 1, 2, 4},
                new double[]{1.0, 0.9, 0.8, 0.7, 0.5}, new long[]{0, 1, 2, 3, 4});
        MetricSeries lr = new MetricSeries("r", "lr", new long[]{1, 2, 3, 4, 4},
                new double[]{0.1, Double.NaN, 0.3, 0.05, 0.04}, new long[]{0, 1, 2, 3, 4});
        SeriesAlignment.Paired p = SeriesAlignment.pairByStep(loss, lr);
        // step 0: no lr; step 1: loss 0.8 (last), lr 0.1; step 2: lr NaN, left out; step 3: no loss; step 4: lr 0.04
        assertArrayEquals(new long[]{1, 4}, p.steps());
        assertArrayEquals(new double[]{0.1, 0.04}, p.x());
        assertArrayEquals(new double[]{0.8, 0.5}, p.y());
        SeriesAlignment.XY byX = p.byX();
        assertArrayEquals(new double[]{0.04, 0.1}, byX.x());
        assertArrayEquals(new double[]{0.5, 0.8}, byX.y());
        assertThrows(IllegalArgumentException.class, () -> SeriesAlignment.align(loss, XMode.METRIC));
    }

    @Test
    void aLargeBandIsReducedPerColumnKeepingItsEnvelope() {
        int n = 100_000;
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            lo[i] = -1;
            hi[i] = 1;
        }
        lo[54_321] = -50;
        hi[77_777] = 80;
        BandDownsampler.Reduced r = BandDownsampler.downsample(x, lo, hi, 200);
        assertTrue(r.size() <= 202, "reduced to the columns: " + r.size());
        assertEquals(-50, java.util.Arrays.stream(r.lower()).min().orElseThrow());
        assertEquals(80, java.util.Arrays.stream(r.upper()).max().orElseThrow());
        assertEquals(0, r.x()[0]);
        // a window: only its columns plus one neighbour each side
        BandDownsampler.Reduced w = BandDownsampler.downsample(x, lo, hi, 1000, 1100, 200);
        assertEquals(999, w.x()[0]);
        assertEquals(1101, w.x()[w.size() - 1]);
        assertEquals(103, w.size());
    }
}
