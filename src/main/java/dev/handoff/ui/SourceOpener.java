package dev.handoff.ui;

import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workbench's one open path (a folder, a database, a server, Reload): makes the source and lists its experiments
 * in the background, latest only (opening another source supersedes this one and its late result is dropped), then
 * hands it to the workbench. A failure always goes to the one failure report (Problems and the status line).
 */
final class SourceOpener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceOpener.class);
    /** A source and its experiments, read in the background. */
    record Opened(RunSource source, ExperimentList experiments) {
    }

    /** Makes a source in the background; what it throws is the failure reported. */
    @FunctionalInterface
    interface SourceFactory {
        RunSource create() throws SourceException;
    }

    private final LatestTask opening;
    private final Supplier<RunSource> current;
    private final Consumer<Opened> use;
    private final BiConsumer<String, Throwable> failed;

    /**
     * @param current the source shown now (never closed when reopened)
     * @param use     shows an opened source (FX thread)
     * @param failed  reports a failure with its summary (FX thread)
     */
    SourceOpener(TaskRunner tasks, Supplier<RunSource> current, Consumer<Opened> use,
                 BiConsumer<String, Throwable> failed) {
        this.opening = new LatestTask(tasks);
        this.current = current;
        this.use = use;
        this.failed = failed;
    }

    /**
     * Opens in the background; on success {@code use}s it and then runs {@code then}; on failure reports
     * {@code failure} and the cause, then runs {@code alsoOnFailure}. A source that fails to list, or whose opening
     * is cancelled or superseded, is closed.
     */
    void open(String title, SourceFactory factory, String failure, Consumer<Opened> then,
              Consumer<Throwable> alsoOnFailure) {
        RunSource shown = current.get();
        opening.submit(title, p -> {
            RunSource s = factory.create();
            try {
                Opened opened = new Opened(s, s.listExperiments(ViewType.ACTIVE_ONLY));
                if (Thread.currentThread().isInterrupted()) { // cancelled meanwhile: the result would be lost
                    throw new InterruptedException("opening " + s.describe() + " was cancelled");
                }
                return opened;
            } catch (SourceException | RuntimeException | InterruptedException e) {
                if (s != shown) {
                    s.close();
                }
                throw e;
            }
        }, opened -> {
            use.accept(opened);
            then.accept(opened);
        }, e -> {
            failed.accept(failure, e);
            alsoOnFailure.accept(e);
        }, () -> { }, dropped -> closeUnlessShown(dropped.source(), shown));
    }

    /** Closes a source a superseded opening made (another opening won); never the one shown before it. */
    private static void closeUnlessShown(RunSource s, RunSource shown) {
        if (s != shown) {
            try {
                s.close();
            } catch (SourceException e) {
                LOG.debug("closing superseded source {}", s.describe(), e);
            }
        }
    }

    /** The project folder of a local store location (where {@code data/test.csv} would be), or null. */
    static Path projectFolder(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return null;
        }
        String loc = location.startsWith("sqlite:///") ? location.substring("sqlite://".length()) : location;
        Path p = loc.startsWith("file://") ? Path.of(java.net.URI.create(loc)) : Path.of(loc);
        p = p.toAbsolutePath();
        if (Files.isRegularFile(p) || p.getFileName() != null && p.getFileName().toString().equals("mlruns")) {
            return p.getParent();
        }
        return p;
    }
}
