package dev.handoff.ui.task;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * The one way panes run "latest only" background work for a subject (a chart grid, an explanation, a bundle under
 * review): {@link #submit submitting} a job cancels the job it supersedes, and a superseded job's late result,
 * failure or cancellation is dropped, so no callback of it ever runs. Only the current job's callbacks run, on the FX
 * thread, exactly one of them.
 *
 * <p>{@link #runningProperty()} is true while the current job is outstanding, so a pane can disable the controls that
 * would change what is being worked on. Use from the FX thread.
 *
 * <p>The current job's failure is logged as {@link TaskRunner} logs any (WARN or ERROR, with its stack trace); a
 * superseded job's dropped failure is logged at DEBUG, so a failure is never lost without a trace.
 */
public final class LatestTask {
    private static final Logger LOG = LoggerFactory.getLogger(LatestTask.class);
    private final TaskRunner runner;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private Task<?> current;
    private long generation;

    public LatestTask(TaskRunner runner) {
        this.runner = runner;
    }

    /** As {@link #submit(String, TaskRunner.Work, Consumer, Consumer, Runnable)}, nothing to do on cancellation. */
    public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(title, work, onSuccess, onFailure, () -> { });
    }

    /**
     * Cancels the current job (interrupting it) and starts {@code work} as the subject's new current job. Exactly one
     * callback of the new job runs, unless a later submission or {@link #cancel()} supersedes it first; then none does.
     *
     * @param onCancelled runs when the current job is cancelled by the user (the status bar's Cancel)
     */
    public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                           Runnable onCancelled) {
        submit(title, work, onSuccess, onFailure, onCancelled, value -> { });
    }

    /**
     * As {@link #submit(String, TaskRunner.Work, Consumer, Consumer, Runnable)}, for work whose result holds a
     * resource: a superseded job's late result is handed to {@code onDropped} (on the FX thread) to release it, and
     * is otherwise dropped like any other.
     */
    public <T> void submit(String title, TaskRunner.Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                           Runnable onCancelled, Consumer<? super T> onDropped) {
        checkFxThread();
        supersede();
        long mine = ++generation;
        running.set(true);
        current = runner.submit(title, work,
                value -> {
                    if (mine != generation) {
                        onDropped.accept(value);
                    }
                    finish(mine, () -> onSuccess.accept(value));
                },
                error -> {
                    if (mine == generation) {
                        TaskRunner.logFailure(title, error);
                    } else {
                        LOG.debug("{}: dropped the late failure of a superseded job", title, error);
                    }
                    finish(mine, () -> onFailure.accept(error));
                },
                () -> finish(mine, onCancelled), false);
    }

    /** Cancels the current job and drops whatever it would still report; nothing is running afterwards. */
    public void cancel() {
        checkFxThread();
        supersede();
        running.set(false);
    }

    /** True while the current job has not reported. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    private void supersede() {
        generation++;
        if (current != null) {
            current.cancel(true);
            current = null;
        }
    }

    private void finish(long job, Runnable callback) {
        if (job != generation) {
            return; // superseded: its late outcome says nothing about the subject shown now
        }
        current = null;
        running.set(false);
        callback.run();
    }

    private static void checkFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("LatestTask is used from the FX thread");
        }
    }
}
