package dev.handoff.ui.chart;

import dev.handoff.metrics.BandDownsampler;
import org.jfree.data.DomainOrder;
import org.jfree.data.xy.AbstractIntervalXYDataset;

import java.util.ArrayList;
import java.util.List;

/**
 * The bands of grouped runs, each reduced to the chart's pixel columns over the current x window with its envelope
 * kept ({@link BandDownsampler}); zooming re-reduces the visible range like {@link WindowedDataset}. The y of an item
 * is the middle of the band there (only the interval is drawn: see {@link MetricChartBuilder}).
 */
final class BandDataset extends AbstractIntervalXYDataset {
    private static final long serialVersionUID = 1L;

    private final List<String> keys = new ArrayList<>();
    private final List<double[][]> full = new ArrayList<>();
    private final List<BandDownsampler.Reduced> shown = new ArrayList<>();
    private final int buckets;
    private double lo = Double.NaN;
    private double hi = Double.NaN;

    BandDataset(int buckets) {
        this.buckets = Math.max(1, buckets);
    }

    /** @param x ascending */
    void addSeries(String key, double[] x, double[] lower, double[] upper) {
        keys.add(key);
        full.add(new double[][]{x, lower, upper});
        shown.add(BandDownsampler.downsample(x, lower, upper, buckets));
    }

    /** Re-reduces to {@code [lo, hi]} without a change event; false when unchanged or not a window. */
    boolean setWindow(double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi) || (lo == this.lo && hi == this.hi)) {
            return false;
        }
        this.lo = lo;
        this.hi = hi;
        for (int i = 0; i < full.size(); i++) {
            double[][] f = full.get(i);
            shown.set(i, BandDownsampler.downsample(f[0], f[1], f[2], lo, hi, buckets));
        }
        return true;
    }

    int shownPoints() {
        return shown.stream().mapToInt(BandDownsampler.Reduced::size).sum();
    }

    @Override
    public int getSeriesCount() {
        return keys.size();
    }

    @Override
    public Comparable<?> getSeriesKey(int series) {
        return keys.get(series);
    }

    @Override
    public DomainOrder getDomainOrder() {
        return DomainOrder.ASCENDING;
    }

    @Override
    public int getItemCount(int series) {
        return shown.get(series).size();
    }

    @Override
    public Number getX(int series, int item) {
        return shown.get(series).x()[item];
    }

    @Override
    public Number getStartX(int series, int item) {
        return getX(series, item);
    }

    @Override
    public Number getEndX(int series, int item) {
        return getX(series, item);
    }

    @Override
    public Number getY(int series, int item) {
        BandDownsampler.Reduced r = shown.get(series);
        return (r.lower()[item] + r.upper()[item]) / 2;
    }

    @Override
    public Number getStartY(int series, int item) {
        return shown.get(series).lower()[item];
    }

    @Override
    public Number getEndY(int series, int item) {
        return shown.get(series).upper()[item];
    }
}
