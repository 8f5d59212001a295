package dev.handoff.ui.task;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latest-only rule: a superseded job's late result, failure or cancellation never reaches its callbacks. */
@Tag("fx")
class LatestTaskTest {
    private final TaskRunner runner = new TaskRunner(2);
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** Waits until every job submitted to the runner has reported and the FX events it posted ran. */
    private void settle() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> runner.running().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aSupersededJobsLateResultIsDropped() throws Exception {
        LatestTask latest = new LatestTask(runner);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        fx(() -> {
            latest.submit("slow", p -> {
                started.countDown();
                // ignores interruption, as a busy computation would, and finishes late
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        // keep going: the late result must still be dropped
                    }
                }
                return "slow result";
            }, heard::add, e -> heard.add("slow failed"), () -> heard.add("slow cancelled"));
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        fx(() -> {
            latest.submit("fast", p -> "fast result", heard::add, e -> heard.add("fast failed"));
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> heard.contains("fast result"));
        release.countDown();
        settle();
        assertEquals(List.of("fast result"), heard);
        assertFalse(fx(latest::isRunning));
    }

    @Test
    void aSupersededJobsFinishedResultGoesToOnDroppedToBeReleased() throws Exception {
        LatestTask latest = new LatestTask(runner);
        CountDownLatch returned = new CountDownLatch(1);
        List<String> dropped = new CopyOnWriteArrayList<>();
        fx(() -> {
            latest.submit("first", p -> {
                returned.countDown();
                return "first resource";
            }, heard::add, e -> heard.add("first failed"), () -> heard.add("first cancelled"), dropped::add);
            // the first job finishes while the FX thread is still here: its result is already on its way
            assertTrue(returned.await(10, TimeUnit.SECONDS));
            Thread.sleep(100); // let the finished work complete its future, so superseding cannot cancel it
            latest.submit("second", p -> "second resource", heard::add, e -> heard.add("second failed"),
                    () -> heard.add("second cancelled"), dropped::add);
            return null;
        });
        settle();
        assertEquals(List.of("second resource"), heard, "only the current job's result is used");
        assertEquals(List.of("first resource"), dropped, "the superseded job's result is handed back to release");
    }

    @Test
    void aSupersededJobsFailureIsDroppedAndRunningFollowsTheCurrentJob() throws Exception {
        LatestTask latest = new LatestTask(runner);
        CountDownLatch release = new CountDownLatch(1);
        fx(() -> {
            latest.submit("first", p -> {
                release.await();
                return "never";
            }, heard::add, e -> heard.add("first failed"), () -> heard.add("first cancelled"));
            return null;
        });
        assertTrue(fx(latest::isRunning));
        CountDownLatch second = new CountDownLatch(1);
        fx(() -> {
            latest.<String>submit("second", p -> {
                second.await();
                throw new IllegalStateException("second broke");
            }, heard::add, e -> heard.add("second failed: " + e.getMessage()));
            return null;
        });
        // the first job was interrupted by the supersession: its InterruptedException is not reported
        assertTrue(fx(latest::isRunning));
        second.countDown();
        settle();
        assertEquals(List.of("second failed: second broke"), heard);
        assertFalse(fx(latest::isRunning));
    }

    @Test
    void cancelDropsTheCurrentJobAndUserCancelReachesOnlyTheCurrentJob() throws Exception {
        LatestTask latest = new LatestTask(runner);
        CountDownLatch started = new CountDownLatch(1);
        fx(() -> {
            latest.submit("job", p -> {
                started.countDown();
                Thread.sleep(60_000);
                return "never";
            }, heard::add, e -> heard.add("failed"), () -> heard.add("cancelled"));
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        fx(() -> {
            runner.cancelAll(); // the status bar's Cancel
            return null;
        });
        settle();
        assertEquals(List.of("cancelled"), heard);

        heard.clear();
        fx(() -> {
            latest.submit("other", p -> {
                Thread.sleep(60_000);
                return "never";
            }, heard::add, e -> heard.add("failed"), () -> heard.add("cancelled"));
            latest.cancel(); // the pane dropped it: nothing reports
            return null;
        });
        settle();
        assertEquals(List.of(), heard);
        assertFalse(fx(latest::isRunning));
    }
}
