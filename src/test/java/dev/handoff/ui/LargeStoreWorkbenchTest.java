package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.runs.source.file.SyntheticStore;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.handoff.ui.FxTesting.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real MLflow file store of 2,000 runs (written by {@link SyntheticStore}) opens by its path while the FX thread
 * keeps answering: a probe thread posts no-op {@code Platform.runLater}s back to back for the whole load and records
 * the longest wait for one to run.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class LargeStoreWorkbenchTest {
    private static final int RUNS = 2000;
    private static final long MAX_LATENCY_MS = 500;

    private TestWorkbench fixture;
    private Workbench workbench;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = TestWorkbench.show(stage);
        workbench = fixture.workbench;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void twoThousandRunsOfARealFileStoreLoadWhileTheFxThreadStaysResponsive(@TempDir Path dir) throws Exception {
        Path mlruns = dir.resolve("mlruns");
        SyntheticStore.Result store = SyntheticStore.generate(mlruns, RUNS, 3, 20, 11);
        assertEquals(RUNS, store.runIds().size());
        // the runs the table must list: the store's active runs (SyntheticStore deletes about 1%), read from the files
        Set<String> active = activeRunIds(mlruns.resolve(store.experimentId()));
        assertTrue(active.size() >= RUNS * 0.97 && active.size() < RUNS, active.size() + " active runs");

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong maxLatencyNanos = new AtomicLong();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger probesWhileListing = new AtomicInteger();
        AtomicLong openedAt = new AtomicLong(Long.MAX_VALUE);
        Thread probe = new Thread(() -> {
            while (loading.get()) {
                CountDownLatch ran = new CountDownLatch(1);
                long t0 = System.nanoTime();
                Platform.runLater(ran::countDown);
                try {
                    if (!ran.await(30, TimeUnit.SECONDS)) {
                        maxLatencyNanos.set(Long.MAX_VALUE);
                        return;
                    }
                    maxLatencyNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    probes.incrementAndGet();
                    if (t0 >= openedAt.get() && workbench.runsPane().runs().isEmpty()) {
                        probesWhileListing.incrementAndGet();
                    }
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-latency-probe");
        probe.setDaemon(true);
        probe.start();

        long started = System.nanoTime();
        openedAt.set(started);
        fx(() -> {
            workbench.open(mlruns.toString());
            return null;
        });
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> workbench.runsPane().runs().size() == active.size());
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            loading.set(false);
            probe.join(35_000);
        }
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long maxMillis = maxLatencyNanos.get() / 1_000_000;
        System.out.printf("2,000-run file store: listed in %d ms; %d FX round trips, %d while listing, longest %d ms%n",
                loadMillis, probes.get(), probesWhileListing.get(), maxMillis);

        assertTrue(probesWhileListing.get() >= 10, "the FX thread was probed while the runs loaded: " + probesWhileListing);
        assertTrue(maxMillis < MAX_LATENCY_MS, "longest FX round trip during the load: " + maxMillis + " ms");

        Set<String> shown = fx(() -> workbench.runsPane().runs().stream().map(Run::id)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(active, shown, "every active run of the store, none of the deleted ones");
        assertEquals(active.size() + " runs", fx(() -> ((Label) stage.getScene().lookup("#runCount")).getText()));
        assertTrue(fx(() -> workbench.detailPane().problems().isEmpty()), "no unreadable runs");
        FxTesting.snapshot(stage, "two-thousand-file-store-runs");
    }

    private static Set<String> activeRunIds(Path experiment) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> s = Files.list(experiment)) {
            for (Path run : s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml"))).toList()) {
                if (Files.readString(run.resolve("meta.yaml")).contains("lifecycle_stage: active")) {
                    ids.add(run.getFileName().toString());
                }
            }
        }
        return ids;
    }
}
