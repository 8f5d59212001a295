package dev.handoff.ui.chart;

import dev.handoff.runs.MetricSeries;

/**
 * One run's history of the charted metric, with the label and run start used on the chart.
 *
 * @param colorIndex the run's {@link Palette} index: its position in the selection, so one run keeps its colour in
 *                   every chart even where other runs did not log that metric
 * @param xSeries    the run's history of the x-axis metric when x is another metric, else null
 * @param group      the run's value of the chart's group-by field ({@code null}: the run lacks it), when grouped
 */
public record RunSeries(String runLabel, long runStartMillis, MetricSeries series, int colorIndex,
                        MetricSeries xSeries, String group) {
    public RunSeries(String runLabel, long runStartMillis, MetricSeries series, int colorIndex) {
        this(runLabel, runStartMillis, series, colorIndex, null, null);
    }

    /** A series coloured by its position among the chart's series. */
    public RunSeries(String runLabel, long runStartMillis, MetricSeries series) {
        this(runLabel, runStartMillis, series, -1);
    }
}
