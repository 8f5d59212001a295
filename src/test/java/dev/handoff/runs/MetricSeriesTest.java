package dev.handoff.runs;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@link MetricSeries#sorted}: the one (step, timestamp) order every source builds its histories with. */
class MetricSeriesTest {

    @Test
    void alreadyOrderedArraysAreKeptAsTheyAre() {
        long[] steps = {0, 1, 1, 2};
        double[] values = {4, 3, 2, 1};
        long[] times = {9, 5, 5, 1};
        MetricSeries s = MetricSeries.sorted("r", "loss", steps, values, times);
        assertSame(steps, s.steps(), "no copy when in order");
        assertSame(values, s.values());
        assertSame(times, s.timestamps());
    }

    @Test
    void sortsByStepThenTimestampAndKeepsEqualPointsInInputOrder() {
        MetricSeries s = MetricSeries.sorted("r", "loss",
                new long[]{2, 0, 1, 1, 0, 1},
                new double[]{1.0, 2.0, 3.0, 4.0, 5.0, 6.0},
                new long[]{10, 30, 20, 10, 30, 20});
        assertArrayEquals(new long[]{0, 0, 1, 1, 1, 2}, s.steps());
        assertArrayEquals(new long[]{30, 30, 10, 20, 20, 10}, s.timestamps());
        // (0, 30) twice: 2.0 came before 5.0; (1, 20) twice: 3.0 before 6.0
        assertArrayEquals(new double[]{2.0, 5.0, 4.0, 3.0, 6.0, 1.0}, s.values());
        assertEquals("r", s.runId());
        assertEquals("loss", s.key());
    }

    @Test
    void emptyAndSinglePointSeries() {
        assertEquals(0, MetricSeries.sorted("r", "k", new long[0], new double[0], new long[0]).size());
        assertEquals(1, MetricSeries.sorted("r", "k", new long[]{5}, new double[]{1}, new long[]{7}).size());
    }

    @Test
    void mismatchedArraysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MetricSeries.sorted("r", "k", new long[]{2, 1}, new double[]{1}, new long[]{1, 2}));
    }

    @RepeatedTest(20)
    void agreesWithAStableSortOfBoxedPoints(RepetitionInfo repetition) {
        Random rnd = new Random(900L + repetition.getCurrentRepetition());
        int n = 1 + rnd.nextInt(5000);
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            steps[i] = rnd.nextInt(50) - 5;         // many ties, some negative steps
            times[i] = rnd.nextInt(20);
            values[i] = i;                          // the input position: shows stability
        }
        Integer[] idx = new Integer[n];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> steps[i]).thenComparingLong(i -> times[i]));
        MetricSeries s = MetricSeries.sorted("r", "k", steps.clone(), values.clone(), times.clone());
        for (int k = 0; k < n; k++) {
            assertEquals(steps[idx[k]], s.steps()[k], "step [" + k + "]");
            assertEquals(times[idx[k]], s.timestamps()[k], "timestamp [" + k + "]");
            assertEquals(values[idx[k]], s.values()[k], "value [" + k + "] (stable)");
        }
    }
}
