package dev.handoff.ui.chart;

import dev.handoff.metrics.XMode;

/**
 * How a metric chart is drawn.
 *
 * @param smoothing   EMA weight in [0, 1); 0 draws the raw line only
 * @param pixelWidth  columns to downsample to (the chart's width in pixels), positive
 */
public record ChartOptions(XMode xMode, double smoothing, boolean logY, int pixelWidth, boolean dark) {
    public ChartOptions {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
        }
        pixelWidth = Math.max(1, pixelWidth);
    }
}
