package dev.handoff.runs.query;

import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.SourceException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full-history summaries per (run, metric), each history read once: the first summary asked of a (run, metric)
 * reads its history and computes every summary that needs no step or goal; {@code at_step_<N>} values are computed
 * when first asked. An entry is keyed by the run's latest point of the metric too, so a run that logged more since is
 * summarised afresh. Least recently used entries beyond {@code maxEntries} are dropped. Thread-safe; reads run on the
 * caller's thread.
 */
public final class SummaryCache implements SummaryLookup {
    /** Reads a metric's full history. */
    @FunctionalInterface
    public interface HistoryReader {
        MetricSeries read(String runId, String metricKey) throws SourceException;
    }

    private record Key(String runId, String metricKey, Metric latest) {
    }

    private static final MetricStat.Kind[] EAGER = {
            MetricStat.Kind.MIN, MetricStat.Kind.MAX, MetricStat.Kind.FIRST, MetricStat.Kind.LAST,
            MetricStat.Kind.MEAN, MetricStat.Kind.COUNT, MetricStat.Kind.STEP_OF_MIN, MetricStat.Kind.STEP_OF_MAX};

    private final HistoryReader reader;
    private final int maxEntries;
    private final Map<Key, Map<MetricStat, Double>> entries;
    private long reads;

    public SummaryCache(HistoryReader reader, int maxEntries) {
        this.reader = reader;
        this.maxEntries = Math.max(1, maxEntries);
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Map<MetricStat, Double>> eldest) {
                return size() > SummaryCache.this.maxEntries;
            }
        };
    }

    @Override
    public double value(Run run, String metricKey, MetricStat stat) throws SourceException {
        if (stat.needsGoal()) {
            throw new IllegalArgumentException(stat.label() + " depends on the metric's goal: use min or max");
        }
        Key k = new Key(run.id(), metricKey, run.latestMetrics().get(metricKey));
        synchronized (this) {
            Map<MetricStat, Double> known = entries.get(k);
            if (known != null && known.containsKey(stat)) {
                return known.get(stat);
            }
        }
        MetricSeries series = reader.read(run.id(), metricKey);
        Map<MetricStat, Double> computed = new LinkedHashMap<>();
        for (MetricStat.Kind kind : EAGER) {
            MetricStat s = MetricStat.of(kind);
            computed.put(s, s.of(series));
        }
        computed.put(stat, stat.of(series));
        synchronized (this) {
            reads++;
            entries.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(computed);
        }
        return computed.get(stat);
    }

    /** Histories read so far (for tests: each (run, metric) once). */
    public synchronized long reads() {
        return reads;
    }

    /** Forgets every summary. */
    public synchronized void clear() {
        entries.clear();
    }
}
