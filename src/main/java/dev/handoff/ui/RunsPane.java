package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.ui.chart.GroupingControl;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.task.TaskRunner;
import dev.handoff.ui.model.QuickFilter;
import dev.handoff.ui.model.RunColumn;
import dev.handoff.ui.model.RunForest;
import dev.handoff.ui.model.RunNode;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runs table: a TreeTableView with nested runs under their parent, a quick text filter, an MLflow filter
 * expression (errors shown inline), a column chooser and multi-selection.
 */
final class RunsPane extends VBox {
    private static final int DEFAULT_PARAM_COLUMNS = 5;
    private static final int DEFAULT_METRIC_COLUMNS = 6;

    private final TextField quickFilter = new TextField();
    private final TextField filterExpression = new TextField();
    private final Label filterError = new Label();
    private final Label count = new Label();
    private final MenuButton columnsMenu = new MenuButton("Columns");
    private final TreeTableView<Run> table = new TreeTableView<>(new TreeItem<>());
    private final Set<String> chosen = new LinkedHashSet<>();
    private List<Run> runs = List.of();
    private List<String> paramKeys = List.of();
    private List<String> metricKeys = List.of();
    private final SummaryColumns summaries;
    private String groupBy;

    RunsPane(Consumer<String> search, Runnable compare) {
        this(search, compare, null, () -> null);
    }

    /** With summary columns computed on {@code tasks} from the histories {@code cache} gives (null: none yet). */
    RunsPane(Consumer<String> search, Runnable compare, TaskRunner tasks, Supplier<HistoryCache> cache) {
        super(4);
        summaries = new SummaryColumns(tasks, cache, this::rebuildColumns, table::refresh, this::showFilterError);
        setPadding(new Insets(4));
        quickFilter.setId("quickFilter");
        quickFilter.setPromptText("Quick filter: name, user, param… (Ctrl+F)");
        quickFilter.textProperty().addListener((o, a, b) -> rebuildTree());
        filterExpression.setId("filterExpression");
        filterExpression.setPromptText("MLflow filter, e.g. metrics.val_auc > 0.8 and params.model = 'xgb'  ⏎");
        filterExpression.setOnAction(e -> search.accept(filterExpression.getText()));
        HBox.setHgrow(filterExpression, Priority.ALWAYS);
        columnsMenu.setId("columnsMenu");
        Button compareButton = new Button("Compare (Ctrl+D)");
        compareButton.setId("compareButton");
        compareButton.setOnAction(e -> compare.run());
        filterError.setId("filterError");
        filterError.getStyleClass().add("error-label");
        filterError.setWrapText(true);
        filterError.managedProperty().bind(filterError.textProperty().isNotEmpty());
        filterError.visibleProperty().bind(filterError.textProperty().isNotEmpty());
        count.setId("runCount");
        table.setId("runsTable");
        table.setShowRoot(false);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs"));
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        VBox.setVgrow(table, Priority.ALWAYS);
        HBox bar = new HBox(6, quickFilter, filterExpression, columnsMenu, summaries.menu(), compareButton, count);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(bar, filterError, table);
    }

    TreeTableView<Run> table() {
        return table;
    }

    TextField quickFilter() {
        return quickFilter;
    }

    String filterExpression() {
        return filterExpression.getText();
    }

    void showFilterError(String message) {
        filterError.setText(message == null ? "" : message);
        filterExpression.getStyleClass().remove("error");
        if (message != null && !message.isEmpty()) {
            filterExpression.getStyleClass().add("error");
        }
    }

    /** Replaces the runs; keeps the user's column choice, defaulting to the first params and metrics. */
    void setRuns(List<Run> newRuns) {
        runs = List.copyOf(newRuns);
        Set<String> params = new TreeSet<>();
        Set<String> metrics = new TreeSet<>();
        for (Run r : runs) {
            params.addAll(r.params().keySet());
            metrics.addAll(r.latestMetrics().keySet());
        }
        paramKeys = List.copyOf(params);
        metricKeys = List.copyOf(metrics);
        if (chosen.isEmpty()) {
            paramKeys.stream().limit(DEFAULT_PARAM_COLUMNS).forEach(k -> chosen.add("params." + k));
            metricKeys.stream().limit(DEFAULT_METRIC_COLUMNS).forEach(k -> chosen.add("metrics." + k));
        }
        rebuildColumnsMenu();
        rebuildColumns();
        rebuildTree();
        summaries.setRuns(runs, metricKeys);
    }

    SummaryColumns summaries() {
        return summaries;
    }

    /**
     * Shows a "Group" column for the charts' group-by field ({@code params.<key>} / {@code tags.<key>}; null: none):
     * each run's value with the number of loaded runs sharing it, e.g. {@code LinearSGDTrainer (3)}; sorting by it
     * puts each group together.
     */
    void setGroupBy(String field) {
        groupBy = field;
        rebuildColumns();
    }

    private RunColumn groupColumn() {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (Run r : runs) {
            counts.merge(String.valueOf(GroupingControl.valueOf(r, groupBy)), 1, Integer::sum);
        }
        return new RunColumn("group", "Group: " + groupBy.substring(groupBy.indexOf('.') + 1), r -> {
            String v = GroupingControl.valueOf(r, groupBy);
            return (v == null ? "(none)" : v) + " (" + counts.get(String.valueOf(v)) + ")";
        });
    }

    List<Run> runs() {
        return runs;
    }

    List<String> metricKeys() {
        return metricKeys;
    }

    List<String> paramKeys() {
        return paramKeys;
    }

    /** Selected runs in table order (parents and children alike). */
    List<Run> selectedRuns() {
        List<Run> out = new ArrayList<>();
        for (TreeItem<Run> item : table.getSelectionModel().getSelectedItems()) {
            if (item != null && item.getValue() != null) {
                out.add(item.getValue());
            }
        }
        return out;
    }

    /**
     * Selects exactly the listed runs that the table shows (in table order) and scrolls to the first.
     *
     * @return the ids of those it does not show (not listed, or hidden by the quick filter)
     */
    List<String> selectRuns(java.util.Collection<String> ids) {
        Set<String> missing = new LinkedHashSet<>(ids);
        var selection = table.getSelectionModel();
        selection.clearSelection();
        int first = -1;
        for (int i = 0; i < table.getExpandedItemCount(); i++) {
            TreeItem<Run> item = table.getTreeItem(i);
            if (item != null && item.getValue() != null && missing.remove(item.getValue().id())) {
                selection.select(i);
                first = first < 0 ? i : first;
            }
        }
        if (first >= 0) {
            table.scrollTo(first);
        }
        return List.copyOf(missing);
    }

    ObservableList<TreeItem<Run>> selectedItems() {
        return table.getSelectionModel().getSelectedItems();
    }

    /** The visible columns, in table order, for export. */
    List<RunColumn> visibleColumns() {
        List<RunColumn> out = new ArrayList<>();
        for (TreeTableColumn<Run, ?> c : table.getColumns()) {
            if (c.getUserData() instanceof RunColumn rc) {
                out.add(rc);
            }
        }
        return out;
    }

    /** Visible rows in display order (expanded tree, filtered, sorted), for export. */
    List<Run> visibleRuns() {
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < table.getExpandedItemCount(); i++) {
            TreeItem<Run> item = table.getTreeItem(i);
            if (item != null && item.getValue() != null) {
                out.add(item.getValue());
            }
        }
        return out;
    }

    void setColumnChosen(String id, boolean on) {
        if (on) {
            chosen.add(id);
        } else {
            chosen.remove(id);
        }
        rebuildColumnsMenu();
        rebuildColumns();
    }

    private void rebuildColumnsMenu() {
        columnsMenu.getItems().clear();
        for (String k : paramKeys) {
            columnsMenu.getItems().add(choice("params." + k, "param: " + k));
        }
        columnsMenu.getItems().add(new SeparatorMenuItem());
        for (String k : metricKeys) {
            columnsMenu.getItems().add(choice("metrics." + k, "metric: " + k));
        }
    }

    private CheckMenuItem choice(String id, String text) {
        CheckMenuItem item = new CheckMenuItem(text);
        item.setSelected(chosen.contains(id));
        item.selectedProperty().addListener((o, a, on) -> setColumnChosen(id, on));
        return item;
    }

    private void rebuildColumns() {
        List<RunColumn> cols = new ArrayList<>(RunColumn.fixed());
        if (groupBy != null) {
            cols.add(1, groupColumn());
        }
        // summaries the user asked for sit next to the name, where they are seen without scrolling
        cols.addAll(groupBy != null ? 2 : 1, summaries.columns());
        paramKeys.stream().filter(k -> chosen.contains("params." + k)).forEach(k -> cols.add(RunColumn.param(k)));
        metricKeys.stream().filter(k -> chosen.contains("metrics." + k)).forEach(k -> cols.add(RunColumn.metric(k)));
        List<String> sortedBy = table.getSortOrder().stream().map(c -> ((RunColumn) c.getUserData()).id()).toList();
        List<TreeTableColumn<Run, Comparable<?>>> built = new ArrayList<>();
        for (RunColumn rc : cols) {
            built.add(column(rc));
        }
        table.getSortOrder().clear();
        table.getColumns().setAll(built);
        for (TreeTableColumn<Run, Comparable<?>> c : built) {
            if (sortedBy.contains(((RunColumn) c.getUserData()).id())) {
                table.getSortOrder().add(c);
            }
        }
    }

    private static TreeTableColumn<Run, Comparable<?>> column(RunColumn rc) {
        TreeTableColumn<Run, Comparable<?>> c = new TreeTableColumn<>(rc.title());
        c.setUserData(rc);
        c.setId("col-" + rc.id());
        c.setPrefWidth(rc.id().equals("name") ? 200 : rc.id().startsWith("metrics.") ? 95
                : rc.id().equals("group") ? 190 : 110);
        c.setCellValueFactory(p -> new ReadOnlyObjectWrapper<>(
                p.getValue().getValue() == null ? null : rc.value().apply(p.getValue().getValue())));
        c.setComparator(RunColumn.ORDER);
        c.setCellFactory(col -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Comparable<?> item, boolean empty) {
                super.updateItem(item, empty);
                TreeItem<Run> row = getTableRow() == null ? null : getTableRow().getTreeItem();
                setText(empty || row == null || row.getValue() == null ? null : rc.text(row.getValue()));
            }
        });
        return c;
    }

    private void rebuildTree() {
        var keep = QuickFilter.of(quickFilter.getText());
        List<Run> shown = runs.stream().filter(keep).toList();
        TreeItem<Run> root = new TreeItem<>();
        List<TreeItem<Run>> top = new ArrayList<>();
        for (RunNode n : RunForest.build(shown)) {
            top.add(item(n));
        }
        root.getChildren().setAll(top); // one change event, not one per run

        table.setRoot(root);
        table.sort();
        count.setText(shown.size() == runs.size() ? runs.size() + " runs" : shown.size() + " of " + runs.size() + " runs");
    }

    private static TreeItem<Run> item(RunNode node) {
        TreeItem<Run> item = new TreeItem<>(node.run());
        if (!node.children().isEmpty()) {
            List<TreeItem<Run>> children = new ArrayList<>(node.children().size());
            for (RunNode c : node.children()) {
                children.add(item(c));
            }
            item.getChildren().setAll(children);
        }
        item.setExpanded(true);
        return item;
    }
}
