package dev.handoff.ui;

import dev.handoff.ui.task.TaskRunner;

import dev.handoff.ui.explain.BackgroundWork;

import java.util.function.Consumer;

/** Runs the explain view's jobs on a {@link TaskRunner} (progress and Cancel in its status bar). */
public final class TaskRunnerWork implements BackgroundWork {
    private final TaskRunner tasks;

    public TaskRunnerWork(TaskRunner tasks) {
        this.tasks = tasks;
    }

    @Override
    public <T> void submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                           Runnable onCancelled) {
        tasks.submit(title, p -> job.run((done, total, message) -> {
            p.progress(done, total);
            p.message(message);
        }), onSuccess, onFailure, onCancelled);
    }

    @Override
    public void status(String message) {
        tasks.statusBar().textProperty().unbind();
        tasks.statusBar().setText(message);
    }
}
