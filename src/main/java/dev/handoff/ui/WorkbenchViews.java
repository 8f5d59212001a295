package dev.handoff.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.view.SavedView;
import dev.handoff.bundle.view.SavedViewFiles;
import dev.handoff.bundle.view.SavedViews;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.chart.ChartOptions;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.CheckComboBox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Saved views: the selection, the charted metrics with their settings and the comparison's settings, saved per
 * source (File &gt; Save view…, View &gt; Saved views) or as a shareable JSON file (File &gt; Save view as file…,
 * Open view…). Opening a view reselects its experiments if need be, waits for their runs, then applies the rest;
 * runs the source does not have are named in the status line and Problems.
 */
final class WorkbenchViews {
    /** Chart options as a whole: fields a newer workbench added are ignored, missing ones take their defaults. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Workbench wb;
    private final Supplier<RunSource> source;
    private SavedViews store;
    /** A view waiting for the runs of its experiments to load. */
    private SavedView pending;
    private ChangeListener<Object> waiting;
    private String lastMessage = "";

    WorkbenchViews(Workbench wb, Supplier<RunSource> source, SavedViews store) {
        this.wb = wb;
        this.source = source;
        this.store = store;
    }

    /** Where views are kept (tests use a temporary folder). */
    void setStore(SavedViews store) {
        this.store = store;
    }

    /** The current state as a view named {@code name}. */
    SavedView capture(String name) {
        RunSource s = source.get();
        ChartsPane charts = wb.chartsPane();
        ComparePane compare = wb.comparePane();
        List<String> experiments = wb.sourcesPane().selectedExperiments().stream().map(Experiment::id).toList();
        List<String> runs = wb.runsPane().selectedRuns().stream().map(Run::id).toList();
        JsonNode options = JSON.valueToTree(charts.options());
        SavedView.Compare c = new SavedView.Compare(compare.baselineRunId(), compare.differencesOnly(),
                compare.importance().chosenMetric());
        return new SavedView(SavedView.FORMAT, name, s == null ? null : SavedViews.sourceKey(s), experiments, runs,
                List.copyOf(charts.metricKeys().getCheckModel().getCheckedItems()), options, c, Instant.now().toString());
    }

    /** Saves the current state for this source under {@code name} (replacing a view of that name). */
    Path save(String name) throws IOException {
        RunSource s = requireSource();
        Path file = store.save(SavedViews.sourceKey(s), capture(name.trim()));
        report("Saved view '" + name.trim() + "' (" + file + ")");
        return file;
    }

    /** Writes the current state to a shareable file. */
    void saveToFile(Path file, String name) throws IOException {
        SavedViewFiles.write(file, capture(name));
        report("Saved view '" + name + "' to " + file);
    }

    /** The views saved for the open source, by name. */
    List<SavedView> saved() throws IOException {
        RunSource s = source.get();
        if (s == null) {
            return List.of();
        }
        SavedViews.Listing listing = store.list(SavedViews.sourceKey(s));
        listing.problems().forEach(p -> wb.detailPane().addProblem(p.message()));
        return listing.views();
    }

    /** Reads a view file and opens it; a file that cannot be read is reported (naming it), nothing changes. */
    void open(Path file) {
        try {
            open(SavedViewFiles.read(file));
        } catch (IOException e) {
            report("Could not open view: " + e.getMessage());
            wb.detailPane().addProblem(e.getMessage());
        }
    }

    /** Opens {@code view}: its experiments first (waiting for their runs), then the selection, charts, comparison. */
    void open(SavedView view) {
        if (source.get() == null) {
            report("Open a source before opening view '" + view.name() + "'");
            return;
        }
        cancelPending();
        ListView<Experiment> list = wb.sourcesPane().experiments();
        Set<String> want = Set.copyOf(view.experimentIds());
        Set<String> have = Set.copyOf(wb.sourcesPane().selectedExperiments().stream().map(Experiment::id).toList());
        List<String> missingExperiments = view.experimentIds().stream()
                .filter(id -> list.getItems().stream().noneMatch(e -> e.id().equals(id))).toList();
        if (want.isEmpty() || want.equals(have) || missingExperiments.size() == want.size()) {
            apply(view, missingExperiments);
            return;
        }
        // reselecting the experiments starts a listing; the view applies once its runs are in the table
        list.getSelectionModel().clearSelection();
        for (int i = 0; i < list.getItems().size(); i++) {
            if (want.contains(list.getItems().get(i).id())) {
                list.getSelectionModel().select(i);
            }
        }
        pending = view;
        waiting = (o, a, b) -> {
            SavedView v = pending;
            cancelPending();
            if (v != null) {
                apply(v, missingExperiments);
            }
        };
        wb.runsPane().table().rootProperty().addListener(waiting);
        report("Opening view '" + view.name() + "': loading the runs of its experiments…");
    }

    private void cancelPending() {
        if (waiting != null) {
            wb.runsPane().table().rootProperty().removeListener(waiting);
        }
        waiting = null;
        pending = null;
    }

    private void apply(SavedView view, List<String> missingExperiments) {
        List<String> missingRuns = wb.runsPane().selectRuns(view.runIds());
        CheckComboBox<String> keys = wb.chartsPane().metricKeys();
        keys.getCheckModel().clearChecks();
        List<String> missingCharts = new ArrayList<>();
        for (String k : view.charts()) {
            if (keys.getItems().contains(k)) {
                keys.getCheckModel().check(k);
            } else {
                missingCharts.add(k);
            }
        }
        String optionsProblem = applyChartOptions(view.chartOptions());
        if (view.compare() != null) {
            ComparePane compare = wb.comparePane();
            compare.setDifferencesOnly(view.compare().differencesOnly());
            compare.setBaseline(view.compare().baselineRunId());
            if (view.compare().importanceMetric() != null) {
                compare.importance().chooseMetric(view.compare().importanceMetric());
            }
        }
        StringBuilder msg = new StringBuilder("Opened view '" + view.name() + "'");
        if (!missingExperiments.isEmpty()) {
            msg.append("; experiments not in this source: ").append(String.join(", ", missingExperiments));
        }
        if (!missingRuns.isEmpty()) {
            msg.append("; ").append(missingRuns.size()).append(" of ").append(view.runIds().size())
                    .append(" run(s) not in this source: ").append(String.join(", ", missingRuns));
        }
        if (!missingCharts.isEmpty()) {
            msg.append("; metrics not charted (no run has them): ").append(String.join(", ", missingCharts));
        }
        if (optionsProblem != null) {
            msg.append("; ").append(optionsProblem);
        }
        boolean partial = !missingExperiments.isEmpty() || !missingRuns.isEmpty() || !missingCharts.isEmpty()
                || optionsProblem != null;
        if (partial) {
            msg.append(" (the rest applied)");
            wb.detailPane().addProblem(msg.toString());
        }
        report(msg.toString());
    }

    /** Applies the saved x axis, smoothing and log scale (never the theme); a problem's description, else null. */
    private String applyChartOptions(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            ChartOptions o = JSON.treeToValue(node, ChartOptions.class);
            ChartsPane charts = wb.chartsPane();
            if (o.xMode() != null) {
                charts.xMode().setValue(o.xMode());
            }
            charts.smoothingControl().set(o.smoothing());
            charts.logY().setSelected(o.logY());
            if (o.xMetric() != null) {
                charts.xMetric().setValue(o.xMetric());
            }
            charts.grouping().set(o.groupBy(), o.aggregate(), o.band());
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return "chart settings not applied: " + e.getMessage();
        }
    }

    private RunSource requireSource() throws IOException {
        RunSource s = source.get();
        if (s == null) {
            throw new IOException("Open a source before saving a view");
        }
        return s;
    }

    private void report(String message) {
        lastMessage = message;
        wb.status(message);
    }

    /** What the last save or open said (tests). */
    String lastMessage() {
        return lastMessage;
    }

    // --- menu actions

    /** File &gt; Save view…: asks for a name. */
    void chooseSave() {
        TextInputDialog ask = new TextInputDialog("");
        ask.setTitle("Save view");
        ask.setHeaderText("Save the selection, charts and comparison for this source");
        ask.setContentText("Name:");
        ask.initOwner(window());
        ask.showAndWait().filter(n -> !n.isBlank()).ifPresent(n -> {
            try {
                save(n);
            } catch (IOException | IllegalArgumentException e) {
                report("Could not save view: " + e.getMessage());
            }
        });
    }

    /** File &gt; Save view as file…: a JSON file to share. */
    void chooseSaveToFile() {
        FileChooser chooser = chooser("Save view as file");
        chooser.setInitialFileName("view.json");
        File f = chooser.showSaveDialog(window());
        if (f != null) {
            String name = f.getName().replaceFirst("\\.json$", "");
            try {
                saveToFile(f.toPath(), name);
            } catch (IOException e) {
                report("Could not save view to " + f + ": " + e.getMessage());
            }
        }
    }

    /** File &gt; Open view…: a shared JSON file. */
    void chooseOpen() {
        File f = chooser("Open view").showOpenDialog(window());
        if (f != null) {
            open(f.toPath());
        }
    }

    /** View &gt; Saved views: one item per view of the open source, refreshed each time the menu shows. */
    Menu savedViewsMenu() {
        Menu menu = new Menu("Saved views");
        menu.setId("savedViewsMenu");
        menu.getItems().add(new MenuItem("(none)"));
        menu.setOnShowing(e -> {
            menu.getItems().clear();
            try {
                for (SavedView v : saved()) {
                    MenuItem item = new MenuItem(v.name() + "  (" + v.runIds().size() + " runs)");
                    item.setOnAction(a -> open(v));
                    menu.getItems().add(item);
                }
            } catch (IOException ex) {
                report("Could not list saved views: " + ex.getMessage());
            }
            if (menu.getItems().isEmpty()) {
                MenuItem none = new MenuItem(source.get() == null ? "(no source open)" : "(no saved views for this source)");
                none.setDisable(true);
                menu.getItems().add(none);
            }
        });
        return menu;
    }

    private static FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Handoff view (*.json)", "*.json"));
        return chooser;
    }

    private Window window() {
        return wb.root().getScene() == null ? null : wb.root().getScene().getWindow();
    }
}
