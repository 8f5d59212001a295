package dev.handoff.ui.chart;

import dev.handoff.metrics.Downsampled;
import dev.handoff.metrics.MinMaxIndex;
import org.jfree.data.DomainInfo;
import org.jfree.data.DomainOrder;
import org.jfree.data.Range;
import org.jfree.data.xy.AbstractXYDataset;

import java.util.ArrayList;
import java.util.List;

/**
 * An XY dataset of full-resolution series that shows each one min/max-downsampled ({@link MinMaxIndex}) to the
 * chart's pixel columns over the current x window: zooming in re-reduces the visible range, so detail appears
 * instead of stretched columns, and every spike in view is kept. Its domain bounds are the full series' bounds, so
 * auto-range (reset zoom) shows everything.
 */
final class WindowedDataset extends AbstractXYDataset implements DomainInfo {
    private final List<String> keys = new ArrayList<>();
    private final List<MinMaxIndex> indexes = new ArrayList<>();
    private final List<double[]> xs = new ArrayList<>();
    private final List<Downsampled> shown = new ArrayList<>();
    private final int buckets;
    private double lo = Double.NaN;
    private double hi = Double.NaN;

    WindowedDataset(int buckets) {
        this.buckets = Math.max(1, buckets);
    }

    void addSeries(String key, double[] x, double[] y) {
        MinMaxIndex index = MinMaxIndex.of(x, y);
        keys.add(key);
        indexes.add(index);
        xs.add(x);
        shown.add(index.downsample(buckets));
    }

    /**
     * Re-reduces every series to the window {@code [lo, hi]}, without a change event: the caller redraws (see
     * {@link MetricChartBuilder}); returns false, doing nothing, when the window is unchanged or not a window.
     */
    boolean setWindow(double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi) || (lo == this.lo && hi == this.hi)) {
            return false;
        }
        this.lo = lo;
        this.hi = hi;
        Downsampled[] next = new Downsampled[indexes.size()];
        // series are independent: reduce them in parallel (MinMaxIndex is immutable)
        java.util.stream.IntStream.range(0, next.length).parallel()
                .forEach(i -> next[i] = indexes.get(i).downsample(lo, hi, buckets));
        for (int i = 0; i < next.length; i++) {
            shown.set(i, next[i]);
        }
        return true;
    }

    /** Points drawn now, over all series. */
    int shownPoints() {
        return shown.stream().mapToInt(Downsampled::size).sum();
    }

    /** Points held, over all series. */
    int totalPoints() {
        return indexes.stream().mapToInt(MinMaxIndex::size).sum();
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
    public double getXValue(int series, int item) {
        return shown.get(series).x()[item];
    }

    @Override
    public Number getY(int series, int item) {
        return shown.get(series).y()[item];
    }

    @Override
    public double getYValue(int series, int item) {
        return shown.get(series).y()[item];
    }

    @Override
    public double getDomainLowerBound(boolean includeInterval) {
        double min = Double.NaN;
        for (double[] x : xs) {
            if (x.length > 0 && !(x[0] >= min)) {
                min = x[0];
            }
        }
        return min;
    }

    @Override
    public double getDomainUpperBound(boolean includeInterval) {
        double max = Double.NaN;
        for (double[] x : xs) {
            if (x.length > 0 && !(x[x.length - 1] <= max)) {
                max = x[x.length - 1];
            }
        }
        return max;
    }

    /** The full bounds of the series that {@code include} accepts, or null when none has a point. */
    Range domainBounds(java.util.function.IntPredicate include) {
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = 0; i < xs.size(); i++) {
            double[] x = xs.get(i);
            if (x.length > 0 && include.test(i)) {
                min = !(x[0] >= min) ? x[0] : min;
                max = !(x[x.length - 1] <= max) ? x[x.length - 1] : max;
            }
        }
        return Double.isNaN(min) ? null : new Range(min, max);
    }

    @Override
    public Range getDomainBounds(boolean includeInterval) {
        double min = getDomainLowerBound(includeInterval);
        double max = getDomainUpperBound(includeInterval);
        return Double.isNaN(min) ? null : new Range(min, max);
    }
}
