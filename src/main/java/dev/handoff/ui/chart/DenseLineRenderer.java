package dev.handoff.ui.chart;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * A line renderer that draws a <em>dense</em> series — more points than the plot has pixel columns, as min/max
 * downsampled series are — in one go as integer-pixel polylines without antialiasing: the rasterisation M4
 * downsampling is exact for, and some forty times cheaper than stroking each segment with antialiasing. A stroke of
 * width w is drawn as one-pixel polylines offset by up to w-1 pixels right and down. On the JavaFX canvas (which
 * always antialiases) the polylines go through pixel centres, so they stay one pixel sharp there too. Sparse series are drawn by
 * {@link XYLineAndShapeRenderer} as usual (antialiased, markers where asked).
 * <p>
 * Tooltips still work on dense series: one entity per pixel column, at the point with the largest deviation from
 * the column's neighbours' mean (its spike).
 */
final class DenseLineRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    /** Beyond this many pixels off the plot an int polyline could overflow: such segments are drawn clipped in double. */
    private static final double SAFE = 100_000;

    /** Formats a tooltip from a series key and a point. */
    interface TipFormat extends java.io.Serializable {
        String format(Comparable<?> seriesKey, double x, double y);
    }

    private final TipFormat tips;

    /** @param tips tooltips of dense series' column entities, made only when one is shown; null for none */
    DenseLineRenderer(TipFormat tips) {
        super(true, false);
        setDrawSeriesLineAsPath(false);
        this.tips = tips;
    }

    /**
     * A {@link WindowedDataset}'s bounds are those of its full series (over the visible ones), not of the points
     * it shows for the current zoom, so auto-range (reset zoom) shows everything.
     */
    @Override
    protected org.jfree.data.Range findDomainBounds(XYDataset dataset, boolean includeInterval) {
        if (dataset instanceof WindowedDataset w) {
            return w.domainBounds(this::isSeriesVisible);
        }
        return super.findDomainBounds(dataset, includeInterval);
    }

    /**
     * Every item is visited, not only those in the visible x range: a dense series is drawn whole when its first item
     * is visited (it holds only the window's points anyway, see {@link WindowedDataset}).
     */
    @Override
    public XYItemRendererState initialise(Graphics2D g2, Rectangle2D dataArea, XYPlot plot, XYDataset data,
                                          PlotRenderingInfo info) {
        XYItemRendererState state = super.initialise(g2, dataArea, plot, data, info);
        state.setProcessVisibleItemsOnly(false);
        return state;
    }

    /** True when the series has more points than the plot is wide: drawn by {@link #drawDense}. */
    boolean isDense(XYDataset dataset, int series, Rectangle2D dataArea) {
        return dataset.getItemCount(series) > Math.max(1, dataArea.getWidth());
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                         int item, CrosshairState crosshairState, int pass) {
        if (!isDense(dataset, series, dataArea)) {
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
                    crosshairState, pass);
            return;
        }
        if (item != 0 || !getItemVisible(series, item)) {
            return;
        }
        if (isLinePass(pass)) {
            drawDense(g2, dataArea, plot, domainAxis, rangeAxis, dataset, series);
        } else if (info != null) {
            EntityCollection entities = info.getOwner().getEntityCollection();
            if (entities != null) {
                addColumnEntities(entities, dataArea, plot, domainAxis, rangeAxis, dataset, series);
            }
        }
    }

    private void drawDense(Graphics2D g2, Rectangle2D dataArea, XYPlot plot, ValueAxis domainAxis,
                           ValueAxis rangeAxis, XYDataset dataset, int series) {
        int n = dataset.getItemCount(series);
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        boolean vertical = plot.getOrientation().isVertical();
        Stroke stroke = getItemStroke(series, 0);
        int passes = stroke instanceof BasicStroke b ? Math.max(1, Math.round(b.getLineWidth())) : 1;
        Object aa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        Object strokeControl = g2.getRenderingHint(RenderingHints.KEY_STROKE_CONTROL);
        Stroke oldStroke = g2.getStroke();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setStroke(new BasicStroke(1f));
        g2.setPaint(getItemPaint(series, 0));
        int[] px = new int[n];
        int[] py = new int[n];
        double[] tx = new double[n];
        double[] ty = new double[n];
        for (int i = 0; i < n; i++) {
            double y = dataset.getYValue(series, i);
            double x = domainAxis.valueToJava2D(dataset.getXValue(series, i), dataArea, xEdge);
            double yy = Double.isFinite(y) ? rangeAxis.valueToJava2D(y, dataArea, yEdge) : Double.NaN;
            tx[i] = vertical ? x : yy;
            ty[i] = vertical ? yy : x;
        }
        // a stroke of width w: copies offset by 0..w-1 pixels right and down, so vertical (M4 columns) and horizontal
        // runs both get the width
        boolean fx = g2 instanceof org.jfree.fx.FXGraphics2D; // JavaFX canvas: always antialiased, pixel centres at .5
        for (int pass = 0; pass < 2 * passes - 1; pass++) {
            int dx = pass < passes ? pass : 0;
            int dy = pass < passes ? 0 : pass - passes + 1;
            int count = 0;
            for (int i = 0; i < n; i++) {
                double x = tx[i];
                double y = ty[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) { // a gap: the line breaks
                    count = flush(g2, px, py, count, fx);
                    continue;
                }
                if (Math.abs(x - dataArea.getCenterX()) > SAFE || Math.abs(y - dataArea.getCenterY()) > SAFE) {
                    count = flush(g2, px, py, count, fx);
                    if (i > 0 && Double.isFinite(tx[i - 1]) && Double.isFinite(ty[i - 1])) {
                        g2.draw(new Line2D.Double(tx[i - 1] + dx, ty[i - 1] + dy, x + dx, y + dy));
                    }
                    if (i + 1 < n && Double.isFinite(tx[i + 1]) && Double.isFinite(ty[i + 1])) {
                        g2.draw(new Line2D.Double(x + dx, y + dy, tx[i + 1] + dx, ty[i + 1] + dy));
                    }
                    continue;
                }
                px[count] = (int) Math.floor(x) + dx;
                py[count] = (int) Math.floor(y) + dy;
                count++;
            }
            flush(g2, px, py, count, fx);
        }
        g2.setStroke(oldStroke);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        if (strokeControl != null) {
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, strokeControl);
        }
    }

    /**
     * Draws the polyline collected so far (a single point as a dot); returns the new, empty count. On a JavaFX
     * canvas through pixel centres (x + 0.5), where a line on whole coordinates would smear over two pixels.
     */
    private static int flush(Graphics2D g2, int[] px, int[] py, int count, boolean fx) {
        if (count == 0) {
            return 0;
        }
        if (fx) {
            java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double(java.awt.geom.Path2D.WIND_NON_ZERO,
                    count + 1);
            path.moveTo(px[0] + 0.5, py[0] + 0.5);
            for (int i = 1; i < count; i++) {
                path.lineTo(px[i] + 0.5, py[i] + 0.5);
            }
            if (count == 1) {
                path.lineTo(px[0] + 0.5, py[0] + 0.5);
            }
            g2.draw(path);
        } else if (count == 1) {
            g2.drawLine(px[0], py[0], px[0], py[0]);
        } else {
            g2.drawPolyline(px, py, count);
        }
        return 0;
    }

    /** One tooltip entity per pixel column the series covers, at that column's point farthest from its mean. */
    private void addColumnEntities(EntityCollection entities, Rectangle2D dataArea, XYPlot plot,
                                   ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series) {
        int n = dataset.getItemCount(series);
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        boolean vertical = plot.getOrientation().isVertical();
        int i = 0;
        while (i < n) {
            double x0 = domainAxis.valueToJava2D(dataset.getXValue(series, i), dataArea, xEdge);
            int column = (int) Math.floor(x0);
            int end = i + 1;
            while (end < n && (int) Math.floor(domainAxis.valueToJava2D(dataset.getXValue(series, end), dataArea,
                    xEdge)) == column) {
                end++;
            }
            int best = -1;
            double bestDeviation = -1;
            double sum = 0;
            int finite = 0;
            for (int k = i; k < end; k++) {
                double y = dataset.getYValue(series, k);
                if (Double.isFinite(y)) {
                    sum += y;
                    finite++;
                }
            }
            double mean = finite > 0 ? sum / finite : 0;
            for (int k = i; k < end; k++) {
                double y = dataset.getYValue(series, k);
                if (Double.isFinite(y) && Math.abs(y - mean) > bestDeviation) {
                    bestDeviation = Math.abs(y - mean);
                    best = k;
                }
            }
            if (best >= 0 && x0 >= dataArea.getMinX() - 1 && x0 <= dataArea.getMaxX() + 1) {
                double vx = dataset.getXValue(series, best);
                double vy = dataset.getYValue(series, best);
                double y = rangeAxis.valueToJava2D(vy, dataArea, yEdge);
                double x = domainAxis.valueToJava2D(vx, dataArea, xEdge);
                double r = getDefaultEntityRadius();
                Rectangle2D area = vertical ? new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r)
                        : new Rectangle2D.Double(y - r, x - r, 2 * r, 2 * r);
                entities.add(new ColumnEntity(area, dataset, series, best, dataset.getSeriesKey(series), vx, vy,
                        tips));
            }
            i = end;
        }
    }

    /**
     * A dense series' tooltip entity: its text is formatted when asked for (on hover), not for each of the tens of
     * thousands of columns at every redraw; it keeps the point's values, as the dataset is re-reduced on zoom.
     */
    private static final class ColumnEntity extends XYItemEntity {
        private static final long serialVersionUID = 1L;
        private final Comparable<?> key;
        private final double x;
        private final double y;
        private final TipFormat tips;

        ColumnEntity(Rectangle2D area, XYDataset dataset, int series, int item, Comparable<?> key, double x,
                     double y, TipFormat tips) {
            super(area, dataset, series, item, null, null);
            this.key = key;
            this.x = x;
            this.y = y;
            this.tips = tips;
        }

        @Override
        public String getToolTipText() {
            return tips == null ? null : tips.format(key, x, y);
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o) && o instanceof ColumnEntity c && c.x == x && c.y == y;
        }

        @Override
        public int hashCode() {
            return super.hashCode() * 31 + Double.hashCode(x);
        }
    }
}
