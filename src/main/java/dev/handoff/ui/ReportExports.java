package dev.handoff.ui;

import dev.handoff.report.HtmlReport;
import dev.handoff.report.ReportRequest;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * File &gt; Export report…: the experiments open in the browser (only the selected runs when some are selected) as
 * one self-contained HTML file ({@link HtmlReport}), written in the background with progress and Cancel in the status
 * bar. A new export supersedes one still running.
 */
final class ReportExports {
    private final LatestTask job;
    private final Supplier<RunSource> source;
    private final Supplier<List<Experiment>> experiments;
    private final Supplier<List<Run>> selectedRuns;
    private final Consumer<String> status;

    ReportExports(TaskRunner tasks, Supplier<RunSource> source, Supplier<List<Experiment>> experiments,
                  Supplier<List<Run>> selectedRuns, Consumer<String> status) {
        this.job = new LatestTask(tasks);
        this.source = source;
        this.experiments = experiments;
        this.selectedRuns = selectedRuns;
        this.status = status;
    }

    /** Why there is nothing to report (no source, no experiment selected), or null when a report can be made. */
    String unavailable() {
        if (source.get() == null) {
            return "Open a store first to export its report";
        }
        return selection().experiments().isEmpty() ? "Select an experiment to export its report" : null;
    }

    /** A file name for the report of what is selected, e.g. {@code credit-risk-report.html}. */
    String initialFileName() {
        String names = String.join("-", selection().experiments().stream().map(this::name).toList());
        return (names.isEmpty() ? "experiment" : names).replaceAll("[^A-Za-z0-9._-]", "_") + "-report.html";
    }

    /** Writes the report to {@code file} in the background; the outcome goes to the status line. */
    void export(Path file) {
        RunSource s = source.get();
        Selection selection = selection();
        if (s == null || selection.experiments().isEmpty()) {
            status.accept(unavailable());
            return;
        }
        ReportRequest request = new ReportRequest(selection.experiments(), String.join(",", selection.runIds()),
                List.of(), null, Instant.now(), "Handoff Workbench " + version());
        job.submit("Exporting report", p -> HtmlReport.write(s, request, file, (message, done, total) -> {
            p.message(message);
            p.progress(done, total);
        }), written -> status.accept("Exported report " + file + " (" + written.runs() + " runs, " + written.charts()
                + " charts" + (written.problems() == 0 ? "" : ", " + written.problems() + " unreadable, listed in it") + ")"),
                e -> status.accept("Export report to " + file + " failed: " + e.getMessage()),
                () -> status.accept("Report export cancelled; " + file + " was not written"));
    }

    boolean isRunning() {
        return job.isRunning();
    }

    /** The selected runs' experiments and ids when runs are selected, else every selected active experiment. */
    private Selection selection() {
        List<Run> runs = selectedRuns.get();
        Set<String> ids = new LinkedHashSet<>();
        if (!runs.isEmpty()) {
            runs.forEach(r -> ids.add(r.info().experimentId()));
            return new Selection(new ArrayList<>(ids), runs.stream().map(Run::id).toList());
        }
        experiments.get().stream().filter(e -> e.lifecycleStage() == LifecycleStage.ACTIVE).forEach(e -> ids.add(e.id()));
        return new Selection(new ArrayList<>(ids), List.of());
    }

    private String name(String experimentId) {
        return experiments.get().stream().filter(e -> e.id().equals(experimentId)).map(Experiment::name).findFirst()
                .orElse(experimentId);
    }

    private static String version() {
        String v = ReportExports.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private record Selection(List<String> experiments, List<String> runIds) {
    }
}
