package dev.handoff.ui.review;

import dev.handoff.drift.DriftReport;
import dev.handoff.ui.chart.Palette;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.awt.Font;
import java.text.NumberFormat;
import java.util.Locale;

/** JFreeChart bars of reference vs current shares per bin (a column or the model's score). */
final class DriftCharts {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private DriftCharts() {
    }

    static JFreeChart bars(DriftReport.ColumnDrift c, String title) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < c.bins().size(); i++) {
            data.addValue(c.referenceShares()[i], "reference", c.bins().get(i));
            data.addValue(c.currentShares()[i], "current", c.bins().get(i));
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(TICKS);
        x.setCategoryLabelPositions(c.bins().size() > 5 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
        x.setMaximumCategoryLabelLines(2);
        NumberAxis y = new NumberAxis("share of rows");
        y.setTickLabelFont(TICKS);
        y.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        renderer.setSeriesPaint(0, Palette.color(0));
        renderer.setSeriesPaint(1, Palette.color(1));
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        return chart;
    }

    static String title(DriftReport.ColumnDrift c) {
        return String.format(Locale.ROOT, "%s — %s %.4g (threshold %.3g) %s · PSI %.3f %s", c.column(), c.testName(),
                c.statistic(), c.threshold(), c.drifted() ? "DRIFT" : "ok", c.psi(), c.psiBand());
    }
}
