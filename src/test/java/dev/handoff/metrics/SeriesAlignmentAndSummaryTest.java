package dev.handoff.metrics;

import dev.handoff.runs.MetricSeries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesAlignmentAndSummaryTest {
    private final MetricSeries loss = new MetricSeries("r1", "val_loss",
            new long[]{0, 1, 2, 3}, new double[]{0.9, Double.NaN, 0.4, 0.5}, new long[]{10_000, 12_000, 11_000, 15_500});

    @Test
    void xModes() {
        assertArrayEquals(new double[]{0, 1, 2, 3}, SeriesAlignment.align(loss, XMode.STEP).x());
        SeriesAlignment.XY wall = SeriesAlignment.align(loss, XMode.WALL_TIME);
        // sorted by timestamp: 10000 (0.9), 11000 (0.4), 12000 (NaN), 15500 (0.5)
        assertArrayEquals(new double[]{10_000, 11_000, 12_000, 15_500}, wall.x());
        assertEquals(0.4, wall.y()[1]);
        assertTrue(Double.isNaN(wall.y()[2]));
        assertArrayEquals(new double[]{0, 1, 2, 5.5}, SeriesAlignment.align(loss, XMode.RELATIVE_TIME).x());
        assertArrayEquals(new double[]{5, 6, 7, 10.5}, SeriesAlignment.align(loss, XMode.RELATIVE_TIME, 5_000).x());
    }

    @Test
    void summaryOfALoss() {
        SeriesSummary s = SeriesSummary.of(loss);
        assertEquals(Goal.MINIMIZE, s.goal());
        assertEquals(0.4, s.min());
        assertEquals(0.9, s.max());
        assertEquals(0.5, s.last());
        assertEquals(0.4, s.best());
        assertEquals(2, s.bestStep());
        assertEquals(1.8 / 3, s.mean(), 1e-12);
        assertEquals(4, s.count());
        assertEquals(1, s.nanCount());
    }

    @Test
    void goalsByKey() {
        assertEquals(Goal.MAXIMIZE, Goal.forKey("val_AUC"));
        assertEquals(Goal.MAXIMIZE, Goal.forKey("accuracy"));
        assertEquals(Goal.MAXIMIZE, Goal.forKey("r2_score"));
        assertEquals(Goal.MINIMIZE, Goal.forKey("train/loss"));
        assertEquals(Goal.MINIMIZE, Goal.forKey("rmse"));
        assertEquals(Goal.UNKNOWN, Goal.forKey("lr"));
        MetricSeries lr = new MetricSeries("r", "lr", new long[]{0}, new double[]{0.1}, new long[]{0});
        assertTrue(Double.isNaN(SeriesSummary.of(lr).best()));
        MetricSeries empty = new MetricSeries("r", "acc", new long[0], new double[0], new long[0]);
        assertTrue(Double.isNaN(SeriesSummary.of(empty).last()));
    }
}
