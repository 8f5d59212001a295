package dev.handoff.ui.chart;

import dev.handoff.runs.MetricSeries;

/** One run's history of the charted metric, with the label and run start used on the chart. */
public record RunSeries(String runLabel, long runStartMillis, MetricSeries series) {
}
