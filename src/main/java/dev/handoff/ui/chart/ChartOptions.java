package dev.handoff.ui.chart;

import dev.handoff.metrics.Smoothing;
import dev.handoff.metrics.XMode;

/**
 * How a metric chart is drawn.
 *
 * @param smoothing   how the line is smoothed ({@link Smoothing#NONE}: the raw line only)
 * @param pixelWidth  columns to downsample to (the chart's width in pixels), positive
 */
public record ChartOptions(XMode xMode, Smoothing smoothing, boolean logY, int pixelWidth, boolean dark) {
    public ChartOptions {
        smoothing = smoothing == null ? Smoothing.NONE : smoothing;
        pixelWidth = Math.max(1, pixelWidth);
    }

    /** With TensorBoard's EMA of {@code emaWeight} in [0, 1) (0: none). */
    public ChartOptions(XMode xMode, double emaWeight, boolean logY, int pixelWidth, boolean dark) {
        this(xMode, Smoothing.ema(emaWeight), logY, pixelWidth, dark);
    }
}
