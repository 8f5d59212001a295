package dev.handoff.ui.model;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
    private final Map<Key, CompletableFuture<MetricSeries>> loading = new HashMap<>();
    private long points;
    /** Bumped by {@link #clear}: a fetch begun before it must not put its (possibly stale) result in the cache. */
    private long generation;
    /** Callers that found another caller's fetch under way and wait for it instead of fetching. */
    private int waiting;

    public HistoryCache(RunSource source, long maxPoints) {
        this.source = source;
        this.maxPoints = maxPoints;
    }

    /**
     * The history, from the cache or else from the source. Concurrent calls for the same (run, key) share one fetch;
     * if that fetch is cancelled (its thread interrupted) a caller that was only waiting fetches it itself.
     */
    public MetricSeries get(String runId, String key) throws SourceException {
        Key k = new Key(runId, key);
        while (true) {
            CompletableFuture<MetricSeries> mine = null;
            CompletableFuture<MetricSeries> theirs;
            long gen;
            synchronized (this) {
                gen = generation;
                MetricSeries hit = entries.get(k);
                if (hit != null) {
                    return hit;
                }
                theirs = loading.get(k);
                if (theirs == null) {
                    mine = new CompletableFuture<>();
                    loading.put(k, mine);
                } else {
                    waiting++;
                }
            }
            if (mine != null) {
                return load(k, mine, gen);
            }
            try {
                return theirs.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(source.describe(), "cancelled", e);
            } catch (CancellationException e) {
                continue; // the loading caller was cancelled, not us: try again (CompletableFuture throws it unwrapped)
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SourceException se) {
                    throw new SourceException("", se.getMessage(), se);
                }
                throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
            } finally {
                synchronized (this) {
                    waiting--;
                }
            }
        }
    }

    private MetricSeries load(Key k, CompletableFuture<MetricSeries> mine, long gen) throws SourceException {
        MetricSeries loaded;
        try {
            loaded = source.getMetricHistory(k.runId(), k.metricKey());
        } catch (SourceException | RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(k, mine);
            }
            mine.completeExceptionally(Thread.currentThread().isInterrupted() ? new CancellationException("cancelled") : e);
            throw e;
        }
        synchronized (this) {
            loading.remove(k, mine);
            if (gen == generation) { // else cleared meanwhile: the callers get their answer, the cache stays empty
                put(k, loaded);
            }
        }
        mine.complete(loaded);
        return loaded;
    }

    /** Caches {@code loaded}, evicting least recently used entries over the point budget. Holds the lock. */
    private void put(Key k, MetricSeries loaded) {
        MetricSeries previous = entries.put(k, loaded);
        points += loaded.size() - (previous == null ? 0 : previous.size());
        var it = entries.entrySet().iterator();
        while (points > maxPoints && entries.size() > 1 && it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals(k)) {
                points -= e.getValue().size();
                it.remove();
            }
        }
    }

    /**
     * Forgets every cached history, e.g. on an explicit reload while runs are still logging: the next {@link #get}
     * of each asks the source again. A fetch already running still answers its callers but is not cached.
     */
    public synchronized void clear() {
        entries.clear();
        loading.clear();
        points = 0;
        generation++;
    }

    /** Callers now waiting for a fetch that another caller started instead of fetching themselves (for tests). */
    synchronized int waiting() {
        return waiting;
    }

    /** Number of cached histories. */
    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean contains(String runId, String key) {
        return entries.containsKey(new Key(runId, key));
    }

    public RunSource source() {
        return source;
    }
}
