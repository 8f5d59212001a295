package dev.handoff.ui.explain;

import dev.handoff.explain.Dependence;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A dependence plot: feature value (x) against its attribution (y), one dot per explained row coloured blue (low) to
 * red (high) by the interacting feature's value (grey without one), rows that violate the declared monotone
 * direction ringed in black. Chart paints are JFreeChart's own (inside the chart, not the scene's CSS).
 */
final class DependenceChart {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private DependenceChart() {
    }

    /**
     * @param declared  the declared direction ("increasing" / "decreasing"), or null
     * @param violating rows that go against it
     * @param yLabel    the attribution's output space
     */
    static JFreeChart of(Dependence d, String declared, Set<Integer> violating, String yLabel) {
        List<Dependence.Point> points = d.points();
        double[] iv = points.stream().mapToDouble(Dependence.Point::interactionValue).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        // the 5th..95th percentile spans the colours, as shap clips outliers
        double lo = iv.length == 0 ? 0 : iv[(int) Math.floor(0.05 * (iv.length - 1))];
        double hi = iv.length == 0 ? 1 : iv[(int) Math.ceil(0.95 * (iv.length - 1))];
        double[][] xyz = new double[3][points.size()];
        XYSeries rings = new XYSeries("against the declared direction");
        for (int i = 0; i < points.size(); i++) {
            Dependence.Point p = points.get(i);
            xyz[0][i] = p.value();
            xyz[1][i] = p.attribution();
            xyz[2][i] = Double.isNaN(p.interactionValue()) ? Double.NaN
                    : hi > lo ? Math.max(0, Math.min(1, (p.interactionValue() - lo) / (hi - lo))) : 0.5;
            if (violating.contains(p.row())) {
                rings.add(p.value(), p.attribution());
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("rows", xyz);
        XYShapeRenderer dots = new XYShapeRenderer();
        dots.setPaintScale(new ExplainCharts.LowHighScale());
        dots.setDefaultShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        dots.setDrawOutlines(false);
        NumberAxis x = new NumberAxis(d.feature());
        x.setAutoRangeIncludesZero(false);
        x.setTickLabelFont(TICKS);
        NumberAxis y = new NumberAxis("attribution of " + d.feature() + " (" + yLabel + ")");
        y.setTickLabelFont(TICKS);
        XYPlot plot = new XYPlot(data, x, y, dots);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeZeroBaselineVisible(true);
        plot.setRangeZeroBaselineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        if (!rings.isEmpty()) {
            XYShapeRenderer ringRenderer = new XYShapeRenderer();
            ringRenderer.setDefaultShape(new Ellipse2D.Double(-6, -6, 12, 12));
            ringRenderer.setDrawOutlines(true);
            ringRenderer.setUseFillPaint(true);
            ringRenderer.setDefaultFillPaint(new Color(0, 0, 0, 0));
            ringRenderer.setDefaultOutlinePaint(Color.BLACK);
            ringRenderer.setDefaultOutlineStroke(new BasicStroke(1.5f));
            ringRenderer.setSeriesOutlinePaint(0, Color.BLACK);
            plot.setDataset(1, new XYSeriesCollection(rings));
            plot.setRenderer(1, ringRenderer);
        }
        JFreeChart chart = new JFreeChart("Dependence of " + d.feature() + " over " + points.size() + " rows", TITLE,
                plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        chart.addSubtitle(new TextTitle(subtitle(d, declared, violating.size()), TICKS));
        if (d.interaction() != null) {
            SymbolAxis scale = new SymbolAxis(d.interaction(), new String[]{number(lo), number(hi)});
            scale.setGridBandsVisible(false);
            scale.setTickLabelFont(TICKS);
            scale.setRange(-0.05, 1.05);
            PaintScaleLegend legend = new PaintScaleLegend(new ExplainCharts.LowHighScale(), scale);
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setStripWidth(10);
            legend.setMargin(new RectangleInsets(8, 4, 8, 4));
            legend.setAxisOffset(2);
            chart.addSubtitle(legend);
        }
        return chart;
    }

    private static String subtitle(Dependence d, String declared, int violating) {
        String colour = d.interaction() == null ? "no interacting feature" : "colour: " + d.interaction();
        String direction = declared == null ? "no declared direction"
                : "declared " + declared + (violating == 0 ? ", no row against it"
                : ", " + violating + " rows against it ringed");
        return colour + " · " + direction;
    }

    private static String number(double v) {
        return CounterfactualPanel.number(v);
    }

    /** Features by mean |attribution|, most important first: the chooser's order. */
    static List<String> byImportance(dev.handoff.explain.ExplanationReport report) {
        List<String> names = report.rows().get(0).features().stream()
                .map(dev.handoff.explain.ExplanationReport.FeatureAttribution::name).toList();
        double[] mean = new double[names.size()];
        for (var row : report.rows()) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += Math.abs(row.features().get(i).attribution());
            }
        }
        Integer[] order = java.util.stream.IntStream.range(0, names.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(mean[b], mean[a]));
        return Arrays.stream(order).map(names::get).toList();
    }
}
