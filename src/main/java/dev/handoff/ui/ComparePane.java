package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.explain.sweep.ParamImportance;
import dev.handoff.metrics.SeriesSummary;
import dev.handoff.runs.Run;
import dev.handoff.ui.chart.ParallelCoordinatesBuilder;
import dev.handoff.ui.chart.ScatterChartBuilder;
import dev.handoff.ui.export.CsvExport;
import dev.handoff.ui.model.CompareModel;
import dev.handoff.ui.model.HistoryCache;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Diff table of params, tags and final/best metrics for any number of selected runs (one column each, scrolling
 * sideways), with "Differences only" and deltas against a chosen baseline run; the parameter importance of the sweep
 * for a metric; a parameter-vs-metric scatter and parallel coordinates.
 */
final class ComparePane extends SplitPane {
    private static final String NO_BASELINE = "no baseline";
    private final TableView<CompareModel.Row> table = new TableView<>();
    private final CheckBox onlyDiffs = new CheckBox("Differences only");
    private final ComboBox<String> baseline = new ComboBox<>();
    private final ParamImportancePanel importance;
    /** The run id the baseline follows across comparisons (null: none). */
    private String baselineRunId;
    private final Label title = new Label("Select runs and press Compare (Ctrl+D)");
    private final ComboBox<String> param = new ComboBox<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final ChartViewer scatter = new ChartViewer(ScatterChartBuilder.empty("Choose a parameter and a metric"));
    private final ChartViewer parallel = new ChartViewer(ScatterChartBuilder.empty("Choose a metric"));
    private final TaskRunner tasks;
    /** Reading the compared runs' histories: latest only, so a superseded comparison's summaries are dropped. */
    private final LatestTask reading;
    private final Supplier<HistoryCache> cache;
    private List<Run> compared = List.of();
    private List<CompareModel.Row> rows = List.of();
    private List<Run> population = List.of();
    private boolean choosing;
    private boolean shown;
    private boolean stale;

    ComparePane(TaskRunner tasks, Supplier<HistoryCache> cache) {
        this.tasks = tasks;
        this.reading = new LatestTask(tasks);
        this.cache = cache;
        this.importance = new ParamImportancePanel(tasks);
        importance.setId("paramImportance");
        table.setId("compareTable");
        table.setPlaceholder(new Label("Nothing to compare"));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CompareModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("differs");
                if (!empty && item != null && item.differs()) {
                    getStyleClass().add("differs");
                }
            }
        });
        title.setId("compareTitle");
        onlyDiffs.setId("differencesOnly");
        onlyDiffs.setOnAction(e -> showRows());
        baseline.setId("baseline");
        baseline.setOnAction(e -> {
            if (!choosing) {
                int i = baseline.getSelectionModel().getSelectedIndex() - 1;
                baselineRunId = i >= 0 && i < compared.size() ? compared.get(i).id() : null;
                rebuildColumns();
            }
        });
        FlowPane head = new FlowPane(10, 4, title, onlyDiffs, new Label("Baseline:"), baseline);
        head.getChildren().forEach(n -> {
            if (n instanceof javafx.scene.control.Labeled l) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        });
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(4));
        SplitPane left = new SplitPane(new BorderPane(table, head, null, null, null), importance);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.62);
        param.setId("scatterParam");
        metric.setId("scatterMetric");
        param.setPromptText("param");
        metric.setPromptText("metric");
        param.setOnAction(e -> drawUnlessChoosing());
        metric.setOnAction(e -> drawUnlessChoosing());
        scatter.setId("scatter");
        scatter.setPrefSize(420, 300);
        HBox pick = new HBox(6, new Label("Scatter:"), param, new Label("vs"), metric);
        pick.setAlignment(Pos.CENTER_LEFT);
        pick.setPadding(new Insets(4));
        parallel.setId("parallelCoordinates");
        parallel.setPrefSize(420, 260);
        VBox right = new VBox(4, pick, scatter, parallel);
        VBox.setVgrow(scatter, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(parallel, javafx.scene.layout.Priority.ALWAYS);
        getItems().addAll(left, right);
        setDividerPositions(0.66);
    }

    /** The scatter plots over all loaded runs; its choices follow their keys. */
    void setPopulation(List<Run> runs, List<String> paramKeys, List<String> metricKeys) {
        population = List.copyOf(runs);
        // setting both boxes below fires their actions: draw once at the end, not three times (each draw builds
        // a scatter and a parallel-coordinates chart over every loaded run, on the FX thread)
        choosing = true;
        try {
            choose(paramKeys, metricKeys);
            importance.setMetricKeys(metricKeys, metric.getValue());
        } finally {
            choosing = false;
        }
        // drawing over every loaded run costs hundreds of ms on the FX thread for thousands of runs: only when the
        // pane is on screen, else when it is next shown
        if (shown) {
            drawScatter();
        } else {
            stale = true;
        }
    }

    /** Tells the pane whether it is on screen (its tab selected); a pane shown again draws what changed meanwhile. */
    void setShown(boolean on) {
        shown = on;
        if (on && stale) {
            drawScatter();
        }
    }

    private void choose(List<String> paramKeys, List<String> metricKeys) {
        String p = param.getValue();
        String m = metric.getValue();
        param.getItems().setAll(paramKeys);
        metric.getItems().setAll(metricKeys);
        // default: the parameter that varies across the most runs (a sweep's knob), not the alphabetically first
        List<String> varying = ParallelCoordinatesBuilder.varyingParams(population);
        String sweepKnob = varying.stream().max(java.util.Comparator.comparingLong(
                (String k) -> population.stream().filter(r -> r.params().containsKey(k)).count())).orElse(null);
        param.setValue(p != null && paramKeys.contains(p) ? p
                : sweepKnob != null && paramKeys.contains(sweepKnob) ? sweepKnob
                : paramKeys.isEmpty() ? null : paramKeys.get(0));
        metric.setValue(m != null && metricKeys.contains(m) ? m : metricKeys.stream()
                .filter(k -> k.contains("auc") || k.contains("acc"))
                .sorted(java.util.Comparator.comparingInt((String k) -> k.startsWith("val") ? 0 : 1)
                        .thenComparingInt(k -> k.startsWith("best") || k.startsWith("test") ? 1 : 0))
                .findFirst()
                .orElse(metricKeys.isEmpty() ? null : metricKeys.get(0)));
    }

    private void drawUnlessChoosing() {
        if (!choosing) {
            drawScatter();
        }
    }

    /** Compares {@code runs}: final values at once, best values once the histories are read. */
    void compare(List<Run> runs) {
        compared = List.copyOf(runs);
        drawScatter();
        title.setText("Comparing " + runs.size() + " run(s)");
        chooseBaselineItems();
        rebuildColumns();
        rows = CompareModel.build(compared, Map.of());
        showRows();
        // a sweep needs a few runs: the compared ones when there are enough, else every loaded run
        importance.setRuns(compared.size() >= ParamImportance.MIN_RUNS ? compared : population,
                compared.size() >= ParamImportance.MIN_RUNS ? "the compared runs" : "all loaded runs");
        HistoryCache histories = cache.get();
        if (histories == null || runs.isEmpty()) {
            reading.cancel();
            return;
        }
        List<Run> target = compared;
        reading.submit("Reading histories of " + runs.size() + " run(s)", p -> {
            Map<String, Map<String, SeriesSummary>> summaries = new HashMap<>();
            for (Run r : target) {
                Map<String, SeriesSummary> perKey = new HashMap<>();
                for (String key : r.latestMetrics().keySet()) {
                    perKey.put(key, SeriesSummary.of(histories.get(r.id(), key)));
                }
                summaries.put(r.id(), perKey);
            }
            return summaries;
        }, summaries -> {
            rows = CompareModel.build(target, summaries);
            showRows();
        }, e -> title.setText("Comparing " + target.size() + " run(s); best values unavailable: " + e.getMessage()));
    }

    List<CompareModel.Row> rows() {
        return rows;
    }

    ChartViewer scatter() {
        return scatter;
    }

    TableView<CompareModel.Row> table() {
        return table;
    }

    /** Writes the comparison (all rows) as CSV. */
    void exportCsv(Path file) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("field");
        header.add("differs");
        compared.forEach(r -> header.add(r.displayName() + " (" + r.id() + ")"));
        List<List<String>> out = new ArrayList<>();
        for (CompareModel.Row row : rows) {
            List<String> line = new ArrayList<>();
            line.add(row.label());
            line.add(Boolean.toString(row.differs()));
            line.addAll(row.values());
            out.add(line);
        }
        CsvExport.write(file, header, out);
    }

    private void rebuildColumns() {
        table.getColumns().setAll(CompareColumns.build(compared, baselineIndex()));
    }

    /** "no baseline" and one item per compared run; the baseline run stays chosen while it is compared. */
    private void chooseBaselineItems() {
        choosing = true;
        try {
            List<String> items = new ArrayList<>(List.of(NO_BASELINE));
            compared.forEach(r -> items.add(r.displayName() + " (" + r.id().substring(0, Math.min(8, r.id().length())) + ")"));
            baseline.getItems().setAll(items);
            baseline.getSelectionModel().select(baselineIndex() + 1);
        } finally {
            choosing = false;
        }
    }

    private int baselineIndex() {
        for (int i = 0; i < compared.size(); i++) {
            if (compared.get(i).id().equals(baselineRunId)) {
                return i;
            }
        }
        return -1;
    }

    private void showRows() {
        table.getItems().setAll(onlyDiffs.isSelected() ? CompareModel.differencesOnly(rows) : rows);
    }

    /** The baseline run's id, or null; kept across comparisons that include the run. */
    String baselineRunId() {
        return baselineIndex() >= 0 ? baselineRunId : null;
    }

    /** Makes run {@code runId} the baseline (null: none), now if it is compared, else when it next is. */
    void setBaseline(String runId) {
        baselineRunId = runId;
        chooseBaselineItems();
        rebuildColumns();
    }

    boolean differencesOnly() {
        return onlyDiffs.isSelected();
    }

    void setDifferencesOnly(boolean on) {
        onlyDiffs.setSelected(on);
        showRows();
    }

    ParamImportancePanel importance() {
        return importance;
    }

    /** The runs compared, in column order. */
    List<Run> compared() {
        return compared;
    }

    private void drawScatter() {
        stale = false;
        if (metric.getValue() != null) {
            // the sweep: the compared runs when there are several, else every loaded run
            parallel.setChart(ParallelCoordinatesBuilder.build(compared.size() >= 2 ? compared : population, metric.getValue()));
        }
        if (param.getValue() == null || metric.getValue() == null) {
            scatter.setChart(ScatterChartBuilder.empty("Choose a parameter and a metric"));
            return;
        }
        scatter.setChart(ScatterChartBuilder.build(population, param.getValue(), metric.getValue()));
    }

    ChartViewer parallel() {
        return parallel;
    }

    void chooseScatter(String p, String m) {
        choosing = true;
        try {
            param.setValue(p);
            metric.setValue(m);
        } finally {
            choosing = false;
        }
        drawScatter();
    }
}
