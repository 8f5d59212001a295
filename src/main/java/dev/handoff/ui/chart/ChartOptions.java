package dev.handoff.ui.chart;

import dev.handoff.metrics.Aggregate;
import dev.handoff.metrics.Band;
import dev.handoff.metrics.Smoothing;
import dev.handoff.metrics.XMode;

/**
 * How a metric chart is drawn. A plain record of JSON-friendly fields (saved views serialize it).
 *
 * @param smoothing   how the line is smoothed ({@link Smoothing#NONE}: the raw line only)
 * @param pixelWidth  columns to downsample to (the chart's width in pixels), positive
 * @param xMetric     the metric key on the x-axis when {@code xMode} is {@link XMode#METRIC}, else ignored (may be null)
 * @param groupBy     runs equal in this field are drawn as one group: {@code params.<key>} or {@code tags.<key>};
 *                    null or blank: every run on its own
 * @param aggregate   a group's line: {@link Aggregate#MEAN} (default) or {@link Aggregate#MEDIAN}
 * @param band        a group's band: {@link Band#NONE} (default), min–max, ± std or ± stderr
 */
public record ChartOptions(XMode xMode, Smoothing smoothing, boolean logY, int pixelWidth, boolean dark,
                           String xMetric, String groupBy, Aggregate aggregate, Band band) {
    public ChartOptions {
        xMode = xMode == null ? XMode.STEP : xMode;
        smoothing = smoothing == null ? Smoothing.NONE : smoothing;
        pixelWidth = Math.max(1, pixelWidth);
        xMetric = xMetric == null || xMetric.isBlank() ? null : xMetric;
        groupBy = groupBy == null || groupBy.isBlank() ? null : groupBy;
        aggregate = aggregate == null ? Aggregate.MEAN : aggregate;
        band = band == null ? Band.NONE : band;
    }

    /** Ungrouped, x not another metric. */
    public ChartOptions(XMode xMode, Smoothing smoothing, boolean logY, int pixelWidth, boolean dark) {
        this(xMode, smoothing, logY, pixelWidth, dark, null, null, null, null);
    }

    /** With TensorBoard's EMA of {@code emaWeight} in [0, 1) (0: none). */
    public ChartOptions(XMode xMode, double emaWeight, boolean logY, int pixelWidth, boolean dark) {
        this(xMode, Smoothing.ema(emaWeight), logY, pixelWidth, dark);
    }

    /** The same options drawn {@code width} pixels wide. */
    public ChartOptions withPixelWidth(int width) {
        return new ChartOptions(xMode, smoothing, logY, width, dark, xMetric, groupBy, aggregate, band);
    }

    /** The same options with runs grouped by {@code field} (null: ungrouped). */
    public ChartOptions withGrouping(String field, Aggregate agg, Band b) {
        return new ChartOptions(xMode, smoothing, logY, pixelWidth, dark, xMetric, field, agg, b);
    }

    /** The same options with {@code key} on the x-axis ({@link XMode#METRIC}). */
    public ChartOptions withXMetric(String key) {
        return new ChartOptions(XMode.METRIC, smoothing, logY, pixelWidth, dark, key, groupBy, aggregate, band);
    }

    /** Whether runs are drawn as groups. */
    public boolean grouped() {
        return groupBy != null;
    }

    /** Whether the x-axis is another metric (and which is set). */
    public boolean xIsMetric() {
        return xMode == XMode.METRIC && xMetric != null;
    }
}
