package dev.handoff.ui.chart;

import dev.handoff.runs.MetricSeries;

/**
 * One run's history of the charted metric, with the label and run start used on the chart.
 *
 * @param colorIndex the run's {@link Palette} index: its position in the selection, so one run keeps its colour in
 *                   every chart even where other runs did not log that metric
 */
public record RunSeries(String runLabel, long runStartMillis, MetricSeries series, int colorIndex) {
    /** A series coloured by its position among the chart's series. */
    public RunSeries(String runLabel, long runStartMillis, MetricSeries series) {
        this(runLabel, runStartMillis, series, -1);
    }
}
