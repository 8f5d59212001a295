package dev.handoff.ui;

import dev.handoff.runs.Experiment;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.models.ModelsPane;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Models tab wired into the main window: its versions' runs are selected in the runs table, reading and selecting
 * their experiments first when they are not listed (so charts, compare and run detail follow), and a version's
 * Export bundle opens the dialog by registry reference.
 */
final class WorkbenchModels implements ModelsPane.Actions {
    private final Supplier<RunSource> source;
    private final RunsPane runs;
    private final SourcesPane sources;
    private final TabPane views;
    private final Runnable compare;
    private final BiConsumer<Run, List<ModelRef>> export;
    private final Consumer<String> status;
    private final ModelsPane pane;
    private final Tab tab;
    /** Finding the experiments of runs to select, and the run of a version to export: latest only. */
    private final LatestTask finding;
    private Pending pending;

    /** Runs to select once the listing that includes their experiments is in, then {@code then}. */
    private record Pending(List<String> runIds, Runnable then) {
    }

    WorkbenchModels(TaskRunner tasks, Supplier<RunSource> source, RunsPane runs, SourcesPane sources, TabPane views,
                    Runnable compare, BiConsumer<Run, List<ModelRef>> export, Consumer<String> status) {
        this.source = source;
        this.runs = runs;
        this.sources = sources;
        this.views = views;
        this.compare = compare;
        this.export = export;
        this.status = status;
        finding = new LatestTask(tasks);
        pane = new ModelsPane(tasks, source, this);
        tab = new Tab("Models", pane);
        tab.setId("modelsTab");
        views.getTabs().add(tab);
        views.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> pane.setShown(b == tab));
    }

    /** The source changed. */
    void setSource(RunSource s) {
        pending = null;
        pane.setSource(s);
    }

    /** A run listing came in: selects the runs waiting for it. */
    void listed() {
        Pending p = pending;
        pending = null;
        if (p != null) {
            select(p.runIds(), p.then(), false);
        }
    }

    @Override
    public void showRuns(List<String> runIds) {
        select(runIds, () -> { }, true);
    }

    @Override
    public void chartRuns(List<String> runIds) {
        select(runIds, () -> views.getSelectionModel().select(0), true);
    }

    @Override
    public void compareRuns(List<String> runIds) {
        select(runIds, compare, true);
    }

    @Override
    public void export(ModelVersion version, List<ModelRef> refs) {
        RunSource s = source.get();
        String runId = version.runId();
        Run listed = runs.runs().stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
        if (listed != null) {
            export.accept(listed, refs);
            return;
        }
        finding.submit("Reading run " + runId, p -> s.getRun(runId), run -> export.accept(run, refs),
                e -> status.accept("Could not read run " + runId + " of " + refs.get(0) + ": " + e.getMessage()));
    }

    /**
     * Selects {@code runIds} in the runs table; when some are not listed and {@code findExperiments}, reads their
     * experiments, adds them to the experiment selection and selects the runs once that listing is in.
     */
    private void select(List<String> runIds, Runnable then, boolean findExperiments) {
        Set<String> listed = new LinkedHashSet<>();
        runs.runs().forEach(r -> listed.add(r.id()));
        List<String> missing = runIds.stream().filter(id -> !listed.contains(id)).toList();
        if (missing.isEmpty() || !findExperiments || source.get() == null) {
            List<String> hidden = runs.selectRuns(runIds);
            if (!hidden.isEmpty()) {
                status.accept(hidden.size() + " of " + runIds.size() + " runs are not in the runs table (deleted, "
                        + "or hidden by the filter): " + String.join(", ", hidden));
            }
            then.run();
            return;
        }
        RunSource s = source.get();
        finding.submit("Finding the experiments of " + missing.size() + " runs", p -> {
            Set<String> experiments = new LinkedHashSet<>();
            for (String id : missing) {
                experiments.add(s.getRun(id).info().experimentId());
            }
            return experiments;
        }, experiments -> selectExperiments(experiments, new Pending(runIds, then)),
                e -> status.accept("Could not find the runs " + String.join(", ", missing) + ": " + e.getMessage()));
    }

    private void selectExperiments(Set<String> experimentIds, Pending then) {
        var list = sources.experiments();
        boolean added = false;
        for (int i = 0; i < list.getItems().size(); i++) {
            Experiment e = list.getItems().get(i);
            if (experimentIds.contains(e.id()) && !list.getSelectionModel().isSelected(i)) {
                pending = then; // before selecting: the selection starts the listing
                list.getSelectionModel().select(i);
                added = true;
            }
        }
        if (!added) {
            select(then.runIds(), then.then(), false);
        }
    }

    ModelsPane pane() {
        return pane;
    }

    Tab tab() {
        return tab;
    }
}
