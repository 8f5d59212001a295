package dev.handoff.ui.chart;

import org.jfree.chart.JFreeChart;

/** A built metric chart and how many points it draws out of how many logged. */
public record MetricChart(JFreeChart chart, int shownPoints, int totalPoints) {
    /** e.g. {@code 1,204 of 48,000 pts}. */
    public String pointsLabel() {
        return String.format("%,d of %,d pts", shownPoints, totalPoints);
    }
}
