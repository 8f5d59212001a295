package dev.handoff.ui.model;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric histories per (run, key), least-recently-used entries evicted once the cached point count exceeds a budget.
 * Thread-safe; {@link #get} does I/O and must run off the FX thread.
 */
public final class HistoryCache {
    private record Key(String runId, String metricKey) {
    }

    private final RunSource source;
    private final long maxPoints;
    private final Map<Key, MetricSeries> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long points;

    public HistoryCache(RunSource source, long maxPoints) {
        this.source = source;
        this.maxPoints = maxPoints;
    }

    public MetricSeries get(String runId, String key) throws SourceException {
        Key k = new Key(runId, key);
        synchronized (this) {
            MetricSeries hit = entries.get(k);
            if (hit != null) {
                return hit;
            }
        }
        MetricSeries loaded = source.getMetricHistory(runId, key);
        synchronized (this) {
            if (entries.put(k, loaded) == null) {
                points += loaded.size();
            }
            var it = entries.entrySet().iterator();
            while (points > maxPoints && entries.size() > 1 && it.hasNext()) {
                var e = it.next();
                if (!e.getKey().equals(k)) {
                    points -= e.getValue().size();
                    it.remove();
                }
            }
        }
        return loaded;
    }

    public synchronized boolean contains(String runId, String key) {
        return entries.containsKey(new Key(runId, key));
    }

    public RunSource source() {
        return source;
    }
}
