package dev.handoff.ui.model;

import dev.handoff.metrics.SummaryValue;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.query.MetricStat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Full-history summaries shown in the runs table, per (run, metric) of one source's {@link HistoryCache}: computed
 * once off the FX thread ({@link #compute}), read on it ({@link #peek}). An entry is keyed by the run's latest point
 * of the metric too, so a run that logged more since is summarised afresh.
 */
public final class SummaryValues {
    private record Key(String runId, String metricKey, Metric latest) {
    }

    private final HistoryCache histories;
    private final Map<Key, Map<MetricStat, Double>> values = new ConcurrentHashMap<>();
    private volatile long computed;

    public SummaryValues(HistoryCache histories) {
        this.histories = histories;
    }

    public HistoryCache histories() {
        return histories;
    }

    private static Key key(Run run, String metricKey) {
        return new Key(run.id(), metricKey, run.latestMetrics().get(metricKey));
    }

    /** The summary if computed, else null (also null for a run that did not log the metric). */
    public Double peek(Run run, String metricKey, MetricStat stat) {
        Map<MetricStat, Double> m = values.get(key(run, metricKey));
        return m == null ? null : m.get(stat);
    }

    /** Whether {@link #compute} has work to do for this summary. */
    public boolean missing(Run run, String metricKey, MetricStat stat) {
        return run.latestMetrics().containsKey(metricKey) && peek(run, metricKey, stat) == null;
    }

    /** Reads the history (through the cache) and computes the summary. I/O: off the FX thread. */
    public void compute(Run run, String metricKey, MetricStat stat) throws SourceException {
        if (!missing(run, metricKey, stat)) {
            return;
        }
        MetricSeries s = histories.get(run.id(), metricKey);
        values.computeIfAbsent(key(run, metricKey), k -> new ConcurrentHashMap<>()).put(stat, SummaryValue.of(s, stat));
        computed++;
    }

    /** Summaries computed so far (each once). */
    public long computed() {
        return computed;
    }

    /** The summaries computed for one run's metric, for tests. */
    Map<MetricStat, Double> of(Run run, String metricKey) {
        return new HashMap<>(values.getOrDefault(key(run, metricKey), Map.of()));
    }
}
