package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureImportance;
import dev.handoff.explain.IntrinsicImportance;
import dev.handoff.explain.TribuoFunctions;
import dev.handoff.ui.style.Css;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.tribuo.Model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one explanation shows: the row picker (search, misclassified rows marked) and the chart tabs (global
 * importance, the picked row's waterfall with its additivity line, the beeswarm summary). It only ever shows one
 * {@link ExplainResult} at a time, or nothing.
 */
final class ExplainResults extends SplitPane {
    private static final int MAX_WATERFALL_STEPS = 12;
    private static final int MAX_CHART_FEATURES = 20;

    private final ObservableList<RowItem> rowItems = FXCollections.observableArrayList();
    private final FilteredList<RowItem> filteredRows = new FilteredList<>(rowItems);
    private final TableView<RowItem> rowTable = new TableView<>();
    private final TextField rowSearch = new TextField();
    private final TableColumn<RowItem, Double> probability = new TableColumn<>("P(class)");

    private final TabPane chartTabs = new TabPane();
    private final ChartSlot importanceViewer = new ChartSlot("importanceChart", "Explain to see global importance");
    private final ChartSlot waterfallViewer = new ChartSlot("waterfallChart", "Pick a row to see its waterfall");
    private final ChartSlot summaryViewer = new ChartSlot("summaryChart", "Explain with a local method to see the summary");
    private final Label waterfallSummary = new Label("Pick a row");
    private final Label notes = new Label();
    private final Tab importanceTab = new Tab("Importance");
    private final Tab waterfallTab = new Tab("Waterfall");
    private final Tab summaryTab = new Tab("Summary");
    private final ReasonsList reasons = new ReasonsList();
    private final CounterfactualPanel counterfactuals;
    private final Tab dependenceTab = new Tab("Dependence");
    private final DependencePanel dependence;
    private final Tab cohortsTab = new Tab("Cohorts");
    private final CohortsPanel cohorts;

    private ExplainResult shown;
    /** The last local (per-row) result: its rows stay pickable after a global method is shown. */
    private ExplainResult local;
    private Map<Integer, ExplanationReport.RowExplanation> explainedRows = Map.of();

    /** @param offer receives each result the tabs show for sign-off, by target (null: withdrawn) */
    ExplainResults(dev.handoff.ui.task.TaskRunner tasks,
                   java.util.function.BiConsumer<SignOffBox.Target, dev.handoff.bundle.review.SignableResult> offer) {
        counterfactuals = new CounterfactualPanel(tasks, s -> offer.accept(SignOffBox.Target.COUNTERFACTUALS, s));
        dependence = new DependencePanel(tasks, s -> offer.accept(SignOffBox.Target.MONOTONICITY, s));
        cohorts = new CohortsPanel(tasks, s -> offer.accept(SignOffBox.Target.COHORTS, s));
        getItems().addAll(rowPicker(), charts());
        setDividerPositions(0.33);
    }

    private VBox rowPicker() {
        rowSearch.setId("rowSearch");
        rowSearch.setPromptText("Search rows (index, prediction, label)");
        rowSearch.textProperty().addListener((o, a, b) -> filteredRows.setPredicate(r -> r.matches(b)));
        rowTable.setId("rowTable");
        TableColumn<RowItem, Integer> index = new TableColumn<>("Row");
        index.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row()));
        TableColumn<RowItem, String> predicted = new TableColumn<>("Pred.");
        predicted.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().predicted()));
        probability.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().probability()));
        probability.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null || item.isNaN() ? null : String.format(Locale.ROOT, "%.3f", item));
            }
        });
        TableColumn<RowItem, String> actual = new TableColumn<>("Truth");
        actual.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().actual()));
        rowTable.getColumns().add(index);
        rowTable.getColumns().add(predicted);
        rowTable.getColumns().add(probability);
        rowTable.getColumns().add(actual);
        rowTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> rowItems.isEmpty()
                ? "Explain to list rows" : "No row matches '" + rowSearch.getText().strip() + "'",
                rowItems, rowSearch.textProperty()));
        rowTable.setPlaceholder(placeholder);
        rowTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RowItem item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(Css.MISCLASSIFIED, !empty && item != null && item.misclassified());
            }
        });
        SortedList<RowItem> sorted = new SortedList<>(filteredRows);
        sorted.comparatorProperty().bind(rowTable.comparatorProperty());
        rowTable.setItems(sorted);
        rowTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showRow(b));
        Label hint = new Label();
        hint.setId("rowCount");
        // regression rows (numeric) have nothing "misclassified" to colour
        hint.textProperty().bind(Bindings.createStringBinding(() -> filteredRows.size() + " of " + rowItems.size()
                + (!rowItems.isEmpty() && rowItems.get(0).numeric() ? " rows" : " rows (misclassified in red)"),
                filteredRows, rowItems));
        VBox.setVgrow(rowTable, Priority.ALWAYS);
        VBox box = new VBox(6, rowSearch, rowTable, hint);
        box.setPadding(new Insets(6));
        return box;
    }

    private BorderPane charts() {
        waterfallSummary.setId("waterfallSummary");
        waterfallSummary.setPadding(new Insets(4, 8, 4, 8));
        importanceTab.setContent(importanceViewer);
        BorderPane waterfall = new BorderPane(waterfallViewer);
        waterfall.setBottom(waterfallSummary);
        // the picked row's principal reasons and counterfactuals beside its waterfall
        SplitPane decisions = new SplitPane(reasons, counterfactuals);
        decisions.setOrientation(javafx.geometry.Orientation.VERTICAL);
        decisions.setDividerPositions(0.52);
        SplitPane withDecisions = new SplitPane(waterfall, decisions);
        withDecisions.setDividerPositions(0.5);
        waterfallTab.setContent(withDecisions);
        summaryTab.setContent(summaryViewer);
        dependenceTab.setContent(dependence);
        cohortsTab.setContent(cohorts);
        chartTabs.getTabs().addAll(importanceTab, waterfallTab, summaryTab, dependenceTab, cohortsTab);
        chartTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        notes.setId("explainNotes");
        notes.setWrapText(true);
        notes.setPadding(new Insets(4, 8, 4, 8));
        BorderPane withNotes = new BorderPane(chartTabs);
        withNotes.setBottom(notes);
        return withNotes;
    }

    /** Shows a finished explanation; a global method keeps the last local rows of the same model pickable. */
    void show(ExplainResult result) {
        ExplanationReport report = result.report();
        if (local != null && local.model() != result.model()) {
            clear();
        }
        shown = result;
        notes.setText(ExplainNotes.text(report));
        if (!report.rows().isEmpty()) {
            local = result;
            Map<Integer, ExplanationReport.RowExplanation> byRow = new LinkedHashMap<>();
            report.rows().forEach(r -> byRow.put(r.row(), r));
            explainedRows = byRow;
            probability.setText("P(" + report.explainedOutput() + ")");
            probability.setVisible(!TribuoFunctions.isRegressor(result.model().model()));
            rowItems.setAll(result.rows());
            summaryViewer.show(ExplainCharts.summary(SummaryPlot.of(report.rows(), MAX_CHART_FEATURES, 1L),
                    "attribution (" + report.outputSpace() + ", " + report.explainedOutput() + ")"));
            waterfallViewer.clear("Pick a row to see its waterfall");
            waterfallSummary.setText("Pick a row");
            DecisionInputs d = result.decisions();
            reasons.show(d == null ? null : d.reasons(), d == null ? null : d.note());
            counterfactuals.use(d, result);
            dependence.show(report, d, result);
        }
        FeatureImportance fi = importanceOf(result.model().model(), report);
        if (fi == null) {
            importanceViewer.clear("No global importance for " + report.method());
        } else {
            importanceViewer.show(ExplainCharts.importance(fi, MAX_CHART_FEATURES));
        }
        chartTabs.getSelectionModel().select(importanceTab);
    }

    /** Shows nothing: the model or data changed, so no earlier result applies. */
    void clear() {
        shown = null;
        local = null;
        explainedRows = Map.of();
        rowItems.clear();
        importanceViewer.clear("Explain to see global importance");
        waterfallViewer.clear("Pick a row to see its waterfall");
        summaryViewer.clear("Explain with a local method to see the summary");
        waterfallSummary.setText("Pick a row");
        notes.setText("");
        reasons.clear();
        counterfactuals.clear();
        dependence.clear();
        cohorts.clear();
    }

    /** The explanation shown, or null. */
    ExplainResult shown() {
        return shown;
    }

    private static FeatureImportance importanceOf(Model<?> model, ExplanationReport report) {
        List<FeatureImportance> all = report.globalImportance();
        if (all.isEmpty()) {
            return null;
        }
        if ("INTRINSIC".equals(report.method()) && all.size() > 1) {
            int i = IntrinsicImportance.outputs(model).indexOf(report.explainedOutput());
            return all.get(Math.max(i, 0));
        }
        return all.get(0);
    }

    private void showRow(RowItem item) {
        ExplanationReport.RowExplanation row = item == null ? null : explainedRows.get(item.row());
        if (row == null || local == null) {
            return;
        }
        ExplanationReport report = local.report();
        Waterfall w = Waterfall.of(row, MAX_WATERFALL_STEPS);
        boolean regressor = TribuoFunctions.isRegressor(local.model().model());
        waterfallViewer.show(ExplainCharts.waterfall(w, "Row " + row.row() + ": " + report.method()
                + (regressor ? " for output '" : " for class '") + report.explainedOutput() + "' ("
                + report.outputSpace() + ")"));
        waterfallSummary.setText(w.summary());
        reasons.showRow(row.row(), row.predicted());
        counterfactuals.select(row.row(), row.predicted());
        chartTabs.getSelectionModel().select(waterfallTab);
    }

    // ---- accessors for tests

    TableView<RowItem> rowTable() {
        return rowTable;
    }

    List<RowItem> allRowItems() {
        return rowItems;
    }

    Label waterfallSummary() {
        return waterfallSummary;
    }

    Label notes() {
        return notes;
    }

    ChartSlot importanceViewer() {
        return importanceViewer;
    }

    ChartSlot summaryViewer() {
        return summaryViewer;
    }

    ChartSlot waterfallViewer() {
        return waterfallViewer;
    }

    TabPane chartTabs() {
        return chartTabs;
    }

    ReasonsList reasons() {
        return reasons;
    }

    CounterfactualPanel counterfactuals() {
        return counterfactuals;
    }

    DependencePanel dependence() {
        return dependence;
    }

    CohortsPanel cohorts() {
        return cohorts;
    }
}
