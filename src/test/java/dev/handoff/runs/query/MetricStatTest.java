package dev.handoff.runs.query;

import dev.handoff.runs.MetricSeries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each summary of a history, checked by hand. */
class MetricStatTest {
    // steps 0..4, step 2 logged twice (0.2 then 0.25: the later counts for at_step_2), a NaN at step 3
    private final MetricSeries loss = new MetricSeries("r", "val_loss", new long[]{0, 1, 2, 2, 3, 4},
            new double[]{0.9, 0.3, 0.2, 0.25, Double.NaN, 0.4}, new long[]{10, 20, 30, 31, 40, 50});

    private double stat(String name) {
        return MetricStat.parse(name).of(loss, false);
    }

    @Test
    void summariesOfAFullHistory() {
        assertEquals(0.2, stat("min"));
        assertEquals(0.9, stat("max"));
        assertEquals(0.9, stat("first"));
        assertEquals(0.4, stat("last"));
        assertEquals((0.9 + 0.3 + 0.2 + 0.25 + 0.4) / 5, stat("mean"), 1e-12, "NaN left out");
        assertEquals(6, stat("count"));
        assertEquals(2, stat("step_of_min"));
        assertEquals(0, stat("step_of_max"));
        assertEquals(0.25, stat("at_step_2"), "the last point logged at the step");
        assertEquals(0.3, stat("AT_STEP_1"));
        assertTrue(Double.isNaN(stat("at_step_7")), "step not logged");
        assertTrue(Double.isNaN(stat("at_step_3")), "logged as NaN");
        assertEquals(0.2, MetricStat.parse("best").of(loss, false), "minimize: best is the min");
        assertEquals(2, MetricStat.parse("step_of_best").of(loss, false));
        assertEquals(0, MetricStat.parse("step_of_best").of(loss, true), "maximize: the step of the max");
        assertTrue(Double.isNaN(MetricStat.parse("best").of(loss, null)), "unknown goal");
        assertEquals("at_step_12", MetricStat.parse("at_step_012").label());
    }

    @Test
    void anEmptyOrAllNanHistoryHasNoMinAndGoalSummariesNeedTheGoal() {
        MetricSeries nan = new MetricSeries("r", "x", new long[]{0}, new double[]{Double.NaN}, new long[]{1});
        assertTrue(Double.isNaN(MetricStat.parse("min").of(nan)));
        assertTrue(Double.isNaN(MetricStat.parse("step_of_max").of(nan)));
        assertEquals(1, MetricStat.parse("count").of(nan));
        assertThrows(IllegalArgumentException.class, () -> MetricStat.parse("best").of(nan));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricStat.parse("median"));
        assertTrue(e.getMessage().contains("unknown metric summary 'median'"), e.getMessage());
    }
}
