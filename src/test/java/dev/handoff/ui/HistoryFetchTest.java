package dev.handoff.ui;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.model.HistoryFetcher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** The charts' history fetches: concurrent, bounded, cancellable, cached (no display needed). */
class HistoryFetchTest {

    /** Blocks every history read on {@link #gate} and records how many run at once. */
    static final class Gate implements InMemoryRunSource.HistoryHook {
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public void reading(String runId, String metricKey) throws InterruptedException {
            started.incrementAndGet();
            int now = current.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            } finally {
                current.decrementAndGet();
            }
        }
    }

    static List<HistoryFetcher.Request> requests(InMemoryRunSource src, String... keys) throws SourceException {
        List<HistoryFetcher.Request> out = new ArrayList<>();
        for (Run r : src.searchAllRuns(RunQuery.of(List.of("0", "1", "2", "3"))).runs()) {
            for (String k : keys) {
                out.add(new HistoryFetcher.Request(r.id(), k));
            }
        }
        return out;
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void fetchesRunConcurrentlyButNeverMoreThanThePoolSize() throws Exception {
        InMemoryRunSource src = InMemoryRunSource.generated(12);
        Gate gate = new Gate();
        src.historyHook = gate;
        HistoryCache cache = new HistoryCache(src, 10_000_000);
        HistoryFetcher fetcher = new HistoryFetcher(4);
        List<HistoryFetcher.Request> wanted = requests(src, "loss", "val_auc");
        assertEquals(24, wanted.size());
        AtomicReference<Map<HistoryFetcher.Request, MetricSeries>> result = new AtomicReference<>();
        AtomicInteger progress = new AtomicInteger();
        Thread caller = new Thread(() -> {
            try {
                result.set(fetcher.fetchAll(cache, wanted, progress::set));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        caller.start();
        // all 24 submitted: four reading (blocked on the gate), the other twenty queued for a free thread; a pool
        // that was not bounded would have started a fifth read instead of queueing it
        waitFor(() -> (gate.current.get() == 4 && fetcher.queued() == 20) || gate.started.get() > 4,
                "four concurrent reads and twenty queued fetches");
        assertEquals(4, gate.current.get());
        assertEquals(4, gate.started.get());
        gate.gate.countDown();
        caller.join(10_000);
        assertEquals(4, gate.max.get(), "at most four reads at once, and four did overlap");
        assertEquals(24, gate.started.get());
        assertEquals(24, progress.get());
        Map<HistoryFetcher.Request, MetricSeries> got = result.get();
        assertEquals(wanted, List.copyOf(got.keySet()), "results in request order");
        src.historyHook = null;
        for (HistoryFetcher.Request r : wanted) {
            MetricSeries expected = src.getMetricHistory(r.runId(), r.metricKey());
            assertArrayEquals(expected.values(), got.get(r).values(), r.toString());
        }

        // re-opening the chart: everything comes from the cache, nothing is read again
        src.historyHook = gate;
        Map<HistoryFetcher.Request, MetricSeries> again = fetcher.fetchAll(cache, wanted, n -> { });
        assertEquals(24, gate.started.get());
        for (HistoryFetcher.Request r : wanted) {
            assertSame(got.get(r), again.get(r));
        }
    }

    @Test
    void cancellingTheCallerCancelsOutstandingFetches() throws Exception {
        InMemoryRunSource src = InMemoryRunSource.generated(12);
        Gate gate = new Gate(); // never opened
        src.historyHook = gate;
        HistoryCache cache = new HistoryCache(src, 10_000_000);
        HistoryFetcher fetcher = new HistoryFetcher(4);
        List<HistoryFetcher.Request> wanted = requests(src, "loss", "val_loss");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                fetcher.fetchAll(cache, wanted, n -> { });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        waitFor(() -> gate.current.get() == 4, "four running reads");
        caller.interrupt(); // what Task.cancel(true) does to the chart task's thread
        caller.join(5_000);
        assertFalse(caller.isAlive());
        assertInstanceOf(InterruptedException.class, outcome.get());
        waitFor(() -> gate.interrupted.get() == 4, "the four running reads to be interrupted");
        // workers freed by the interrupts must not pick up queued fetches of the cancelled call: wait until every
        // one of the 24 has had its turn on a worker (the 20 queued ones run as cancelled no-ops), or one started
        waitFor(() -> fetcher.completed() == wanted.size() || gate.started.get() > 4,
                "every fetch of the cancelled call to be done with");
        assertEquals(4, gate.started.get(), "queued fetches never start after cancellation");
        assertFalse(cache.contains(wanted.get(0).runId(), wanted.get(0).metricKey()));
    }

    @Test
    void aFailingFetchFailsTheWholeCallWithItsMessage() throws Exception {
        InMemoryRunSource src = InMemoryRunSource.generated(4);
        HistoryFetcher fetcher = new HistoryFetcher(2);
        List<HistoryFetcher.Request> wanted = new ArrayList<>(requests(src, "loss"));
        wanted.add(new HistoryFetcher.Request("gone", "loss"));
        SourceException e = assertThrows(SourceException.class,
                () -> fetcher.fetchAll(new HistoryCache(src, 10_000_000), wanted, n -> { }));
        assertTrue(e.getMessage().contains("no run gone"), e.getMessage());
    }
}
