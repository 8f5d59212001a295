package dev.handoff.ui.task;

import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import org.controlsfx.control.StatusBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs background work as {@link Task}s on a small fixed pool and shows the newest running task in a ControlsFX
 * {@link StatusBar} (message + progress) with a Cancel button that cancels every running task (interrupting it).
 * All callbacks run on the FX thread. Every failure is logged with its stack trace (checked exceptions at WARN, bugs
 * at ERROR), a cancellation at DEBUG.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Background work; may report progress through its task. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** What background work may tell the status bar. */
    public interface Progress {
        void message(String message);

        void progress(long done, long total);
    }

    private final ExecutorService executor;
    private final StatusBar statusBar = new StatusBar();
    private final Button cancel = new Button("Cancel");
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    /** Guards {@link #onWorkers}. */
    private final Object workers = new Object();
    /** Tasks submitted whose run on a worker thread has not returned yet (cancelled ones included). */
    private int onWorkers;

    public TaskRunner(int threads) {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "handoff-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        statusBar.setText("Ready");
        cancel.setId("cancelTasks");
        cancel.setDisable(true);
        cancel.setOnAction(e -> cancelAll());
        statusBar.getRightItems().add(cancel);
    }

    public StatusBar statusBar() {
        return statusBar;
    }

    /** Tasks submitted and not yet finished (FX thread view). */
    public ObservableList<Task<?>> running() {
        return running;
    }

    /** Starts {@code work} in the background; exactly one of the callbacks runs (none after cancellation). */
    public <T> Task<T> submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return submit(title, work, onSuccess, onFailure, () -> { });
    }

    /**
     * Starts {@code work} in the background; exactly one of the callbacks runs, {@code onCancelled} after the status
     * bar says the task was cancelled.
     */
    public <T> Task<T> submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                              Runnable onCancelled) {
        return submit(title, work, onSuccess, onFailure, onCancelled, true);
    }

    /**
     * As {@link #submit(String, Work, Consumer, Consumer, Runnable)}; {@code logFailure} false leaves logging a
     * failure to the caller ({@link LatestTask}, which knows whether the failure is still current or is dropped).
     */
    <T> Task<T> submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                       Runnable onCancelled, boolean logFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateMessage(title + "…");
                return work.run(new Progress() {
                    @Override
                    public void message(String message) {
                        updateMessage(message);
                    }

                    @Override
                    public void progress(long done, long total) {
                        updateProgress(done, total);
                    }
                });
            }
        };
        task.setOnSucceeded(e -> {
            finished(task, "Ready");
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            if (logFailure) {
                logFailure(title, ex);
            }
            finished(task, title + " failed: " + ex.getMessage());
            onFailure.accept(ex);
        });
        task.setOnCancelled(e -> {
            LOG.debug("{} cancelled", title);
            finished(task, title + " cancelled");
            onCancelled.run();
        });
        Runnable register = () -> {
            running.add(task);
            show(task);
        };
        if (Platform.isFxApplicationThread()) {
            register.run();
        } else {
            Platform.runLater(register);
        }
        synchronized (workers) {
            onWorkers++;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } finally {
                    leftWorker();
                }
            });
        } catch (RejectedExecutionException e) {
            leftWorker();
            if (!executor.isShutdown()) {
                throw e;
            }
            // the workbench is closing (a debounced redraw fired after shutdown): nothing will run it
            LOG.debug("{} not started: the task runner is shut down", title);
            task.cancel();
        }
        return task;
    }

    /** Shows a message in the status bar (replaced by the next task's progress). FX thread. */
    public void status(String message) {
        if (running.isEmpty()) {
            statusBar.textProperty().unbind();
            statusBar.setText(message);
        }
    }

    private void leftWorker() {
        synchronized (workers) {
            if (--onWorkers == 0) {
                workers.notifyAll();
            }
        }
    }

    /**
     * Logs a background failure with its stack trace: WARN for a checked exception (a store, server or file that could
     * not be read: the user is told in the UI), ERROR for an unchecked one or an {@link Error} (a bug).
     */
    static void logFailure(String title, Throwable ex) {
        if (ex instanceof Exception && !(ex instanceof RuntimeException)) {
            LOG.warn("{} failed", title, ex);
        } else {
            LOG.error("{} failed", title, ex);
        }
    }

    /**
     * Waits until no submitted work is on a worker thread any more. A cancelled task is finished for the FX thread at
     * once, but its work runs on until it notices the interrupt; after this returns true, whatever it still reported
     * has been posted to the FX thread. For tests; do not call it on the FX thread while work waits for it.
     *
     * @return false if work was still running when {@code timeout} passed
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (workers) {
            while (onWorkers > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(workers, left);
            }
            return true;
        }
    }

    public void cancelAll() {
        for (Task<?> t : List.copyOf(running)) {
            t.cancel(true);
        }
    }

    private void show(Task<?> task) {
        statusBar.textProperty().unbind();
        statusBar.progressProperty().unbind();
        statusBar.textProperty().bind(task.messageProperty());
        statusBar.progressProperty().bind(task.progressProperty());
        cancel.setDisable(false);
    }

    private void finished(Task<?> task, String message) {
        running.remove(task);
        if (running.isEmpty()) {
            statusBar.textProperty().unbind();
            statusBar.progressProperty().unbind();
            statusBar.setText(message);
            statusBar.setProgress(0);
            cancel.setDisable(true);
        } else {
            show(running.get(running.size() - 1));
        }
    }

    @Override
    public void close() {
        cancelAll();
        executor.shutdownNow();
    }
}
