package dev.handoff.ui.model;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.SourceException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Fetches many metric histories at once through a {@link HistoryCache}, at most {@code threads} at a time over all
 * callers (a tracking server is not flooded). The pool's threads are daemons and die when idle, so an instance needs no
 * closing. Plain Java: the caller runs {@link #fetchAll} off the FX thread, typically inside a cancellable task.
 */
public final class HistoryFetcher {
    /** Default number of concurrent fetches. */
    public static final int DEFAULT_THREADS = 4;

    /** One history to fetch. */
    public record Request(String runId, String metricKey) {
    }

    private final ThreadPoolExecutor pool;

    public HistoryFetcher(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "handoff-history-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Fetches every request (duplicates once) and returns the histories in request order. {@code onDone} is called
     * with the number finished so far, on the calling thread. If the calling thread is interrupted (its task was
     * cancelled), outstanding fetches are cancelled and interrupted and {@link InterruptedException} is thrown; the
     * first failing fetch cancels the others and its exception is rethrown.
     */
    public Map<Request, MetricSeries> fetchAll(HistoryCache cache, List<Request> requests, IntConsumer onDone)
            throws SourceException, InterruptedException {
        List<Request> unique = new ArrayList<>(new LinkedHashSet<>(requests));
        CompletionService<MetricSeries> done = new ExecutorCompletionService<>(pool);
        Map<Future<MetricSeries>, Request> pending = new HashMap<>();
        Map<Request, MetricSeries> results = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            for (Request r : unique) {
                pending.put(done.submit(() -> {
                    if (stop.get()) { // a queued fetch a worker picked up while the others were being cancelled
                        throw new CancellationException("cancelled");
                    }
                    return cache.get(r.runId(), r.metricKey());
                }), r);
            }
            for (int finished = 0; finished < unique.size(); ) {
                Future<MetricSeries> f = done.take();
                Request r = pending.remove(f);
                try {
                    results.put(r, f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SourceException se) {
                        throw se;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new SourceException(cache.source().describe(), "cannot read metric '" + r.metricKey()
                            + "' of run " + r.runId() + ": " + cause, cause);
                }
                onDone.accept(++finished);
            }
        } finally {
            // cancelled, failed or done: nothing of this call may keep running, nor start later from the queue
            stop.set(true);
            pending.keySet().forEach(f -> f.cancel(true));
        }
        Map<Request, MetricSeries> ordered = new LinkedHashMap<>();
        unique.forEach(r -> ordered.put(r, results.get(r)));
        return ordered;
    }

    /** Fetches running right now (for tests and diagnostics). */
    public int active() {
        return pool.getActiveCount();
    }

    /** Fetches submitted and waiting for a free thread (for tests and diagnostics). */
    public int queued() {
        return pool.getQueue().size();
    }

    /**
     * Fetches whose turn on a pool thread is over since this fetcher was made, those cancelled before they started
     * included (for tests and diagnostics: once it equals the number submitted, none can still start).
     */
    public long completed() {
        return pool.getCompletedTaskCount();
    }
}
