package dev.handoff.ui.model;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

class HistoryCacheTest {

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Counts history reads; each read may wait for {@link #gate}; run "bad" fails. */
    static final class CountingSource implements RunSource {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate;
        final int points;

        CountingSource(int points) {
            this.points = points;
        }

        @Override
        public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
            reads.incrementAndGet();
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    if (!g.await(20, TimeUnit.SECONDS)) {
                        throw new SourceException("test", "gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceException("test", "cancelled");
                }
            }
            if (runId.equals("bad")) {
                throw new SourceException("http://mlflow.test/api/2.0/mlflow/metrics/get-history", "HTTP 500");
            }
            long[] steps = new long[points];
            double[] values = new double[points];
            for (int i = 0; i < points; i++) {
                steps[i] = i;
                values[i] = i * 0.5;
            }
            return new MetricSeries(runId, metricKey, steps, values, steps.clone());
        }

        @Override
        public String describe() {
            return "counting test source";
        }

        @Override
        public ExperimentList listExperiments(ViewType viewType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunPage searchRuns(RunQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Run getRun(String runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ArtifactRef> listArtifacts(String runId, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openArtifact(String runId, String path) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void hitsDoNotRefetch() throws Exception {
        CountingSource src = new CountingSource(10);
        HistoryCache cache = new HistoryCache(src, 1_000);
        assertFalse(cache.contains("r1", "loss"));
        MetricSeries first = cache.get("r1", "loss");
        assertEquals(10, first.size());
        assertSame(first, cache.get("r1", "loss"));
        assertTrue(cache.contains("r1", "loss"));
        assertEquals(1, src.reads.get());
        cache.get("r1", "val_loss");
        cache.get("r2", "loss");
        assertEquals(3, src.reads.get(), "other keys and runs are separate entries");
        assertEquals(3, cache.size());
    }

    @Test
    void evictsLeastRecentlyUsedOverThePointBudget() throws Exception {
        CountingSource src = new CountingSource(10);
        HistoryCache cache = new HistoryCache(src, 25);
        cache.get("a", "loss");
        cache.get("b", "loss");
        cache.get("a", "loss"); // a is now the most recently used
        cache.get("c", "loss"); // 30 points > 25: b goes
        assertTrue(cache.contains("a", "loss"));
        assertFalse(cache.contains("b", "loss"));
        assertTrue(cache.contains("c", "loss"));
        cache.get("b", "loss");
        assertEquals(4, src.reads.get(), "an evicted entry is read again");
    }

    @Test
    void concurrentCallersForTheSameHistoryShareOneFetch() throws Exception {
        CountingSource src = new CountingSource(100);
        src.gate = new CountDownLatch(1);
        HistoryCache cache = new HistoryCache(src, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MetricSeries>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> cache.get("r1", "loss")));
            }
            assertTrue(src.entered.await(10, TimeUnit.SECONDS));
            // the other seven have arrived while the first read is blocked: each joined it, or (if sharing broke)
            // started a read of its own
            waitFor(() -> cache.waiting() == 7 || src.reads.get() > 1, "the other seven callers to arrive");
            assertEquals(1, src.reads.get(), "callers arriving during a read wait for it");
            src.gate.countDown();
            MetricSeries first = calls.get(0).get(10, TimeUnit.SECONDS);
            for (Future<MetricSeries> f : calls) {
                assertSame(first, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, src.reads.get(), "eight concurrent misses, one read");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCancelledLoaderDoesNotFailTheCallersWaitingForIt() throws Exception {
        CountingSource src = new CountingSource(5);
        src.gate = new CountDownLatch(1);
        HistoryCache cache = new HistoryCache(src, 1_000);
        AtomicInteger loaderOutcome = new AtomicInteger();
        Thread loader = new Thread(() -> {
            try {
                cache.get("r1", "loss");
                loaderOutcome.set(1);
            } catch (SourceException e) {
                loaderOutcome.set(e.getMessage().contains("cancelled") ? 2 : 3);
            }
        });
        loader.start();
        assertTrue(src.entered.await(10, TimeUnit.SECONDS));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<MetricSeries> waiter = pool.submit(() -> cache.get("r1", "loss"));
            waitFor(() -> cache.waiting() == 1 || src.reads.get() > 1, "the second caller to wait for the first's read");
            assertEquals(1, src.reads.get(), "the second caller waits for the read under way");
            loader.interrupt();
            loader.join(10_000);
            assertEquals(2, loaderOutcome.get(), "the interrupted loader reports cancellation");
            // the waiter now reads it itself (blocked on the gate again), then succeeds
            waitFor(() -> src.reads.get() == 2, "the waiter to read it itself");
            src.gate.countDown();
            assertEquals(5, waiter.get(10, TimeUnit.SECONDS).size());
            assertEquals(2, src.reads.get());
            assertTrue(cache.contains("r1", "loss"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresAreNotCachedAndNameTheSource() throws Exception {
        CountingSource src = new CountingSource(5);
        HistoryCache cache = new HistoryCache(src, 1_000);
        SourceException e = assertThrows(SourceException.class, () -> cache.get("bad", "loss"));
        assertTrue(e.getMessage().contains("http://mlflow.test/api/2.0/mlflow/metrics/get-history: HTTP 500"), e.getMessage());
        assertFalse(cache.contains("bad", "loss"));
        assertThrows(SourceException.class, () -> cache.get("bad", "loss"));
        assertEquals(2, src.reads.get(), "a failed read is tried again next time");
    }

    @Test
    void clearForgetsEveryHistorySoTheNextGetAsksTheSourceAgain() throws Exception {
        CountingSource src = new CountingSource(10);
        HistoryCache cache = new HistoryCache(src, 25);
        MetricSeries before = cache.get("a", "loss");
        cache.get("b", "loss");
        cache.clear();
        assertEquals(0, cache.size());
        assertFalse(cache.contains("a", "loss"));
        MetricSeries after = cache.get("a", "loss");
        assertNotSame(before, after, "read again from the source");
        assertEquals(3, src.reads.get());
        // the point budget restarted from zero: two more entries fit (20 <= 25) without evicting "a"
        cache.get("b", "loss");
        assertTrue(cache.contains("a", "loss") && cache.contains("b", "loss"));
    }

    @Test
    void aFetchRunningDuringClearAnswersItsCallerButIsNotCached() throws Exception {
        CountingSource src = new CountingSource(5);
        src.gate = new CountDownLatch(1);
        HistoryCache cache = new HistoryCache(src, 1_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<MetricSeries> stale = pool.submit(() -> cache.get("r1", "loss"));
            assertTrue(src.entered.await(10, TimeUnit.SECONDS));
            cache.clear(); // a reload while the old fetch is still on the wire
            src.gate.countDown();
            assertEquals(5, stale.get(10, TimeUnit.SECONDS).size());
            assertFalse(cache.contains("r1", "loss"), "the pre-reload answer does not survive the reload");
            cache.get("r1", "loss");
            assertEquals(2, src.reads.get());
            assertTrue(cache.contains("r1", "loss"));
        } finally {
            pool.shutdownNow();
        }
    }
}
