package dev.handoff.ui;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.SourceException;
import dev.handoff.ui.chart.ChartOptions;
import dev.handoff.ui.chart.GroupingControl;
import dev.handoff.ui.chart.MetricChart;
import dev.handoff.ui.chart.MetricChartBuilder;
import dev.handoff.ui.chart.RunSeries;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.model.HistoryFetcher;
import dev.handoff.ui.task.TaskRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The background half of a {@link ChartsPane} redraw: fetches every (run, key) history the charts need (the x-axis
 * metric's too when x is another metric) on the bounded fetch pool, then builds one chart per key. Runs off the FX
 * thread inside a cancellable task.
 */
final class ChartJob {
    private ChartJob() {
    }

    static Map<String, MetricChart> build(List<String> chosen, List<Run> runs, ChartOptions base,
                                          Map<String, Integer> widths, HistoryFetcher fetcher, HistoryCache histories,
                                          TaskRunner.Progress p) throws SourceException, InterruptedException {
        String xKey = base.xMode() == XMode.METRIC ? base.xMetric() : null;
        // every (run, key) history at once on the bounded fetch pool; cancelling this task cancels them all
        List<HistoryFetcher.Request> wanted = new ArrayList<>();
        for (Run r : runs) {
            boolean hasX = xKey == null || r.latestMetrics().containsKey(xKey);
            for (String key : chosen) {
                if (r.latestMetrics().containsKey(key) && hasX) {
                    wanted.add(new HistoryFetcher.Request(r.id(), key));
                }
            }
            if (xKey != null && hasX) {
                wanted.add(new HistoryFetcher.Request(r.id(), xKey));
            }
        }
        Map<HistoryFetcher.Request, MetricSeries> fetched = fetcher.fetchAll(histories, wanted,
                done -> p.progress(done, wanted.size()));
        Map<String, MetricChart> built = new LinkedHashMap<>();
        for (String key : chosen) {
            List<RunSeries> series = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                MetricSeries s = fetched.get(new HistoryFetcher.Request(r.id(), key));
                MetricSeries x = xKey == null ? null : fetched.get(new HistoryFetcher.Request(r.id(), xKey));
                if (s != null && (xKey == null || x != null)) {
                    // coloured by its place in the selection: the same colour in every chart
                    series.add(new RunSeries(r.displayName(), r.info().startTime(), s, i, x,
                            GroupingControl.valueOf(r, base.groupBy())));
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled");
            }
            built.put(key, MetricChartBuilder.build(key, series, base.withPixelWidth(widths.get(key))));
        }
        return built;
    }
}
