package dev.handoff.ui;

import dev.handoff.explain.Cancellation;
import dev.handoff.explain.sweep.ParamImportance;
import dev.handoff.runs.Run;
import dev.handoff.ui.model.RunColumn;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * W&amp;B-style parameter importance of the compared runs (all loaded runs when fewer than three are compared) for a
 * chosen metric: random-forest permutation importance and Pearson correlation per param ({@link ParamImportance}),
 * computed off the FX thread, latest only.
 */
final class ParamImportancePanel extends VBox {
    private static final double BAR_WIDTH = 60;
    private final ComboBox<String> metric = new ComboBox<>();
    private final Label status = new Label("Compare runs to rank their parameters");
    private final TableView<ParamImportance.Entry> table = new TableView<>();
    private final LatestTask computing;
    private List<Run> runs = List.of();
    private String which = "";
    private boolean choosing;

    ParamImportancePanel(TaskRunner tasks) {
        super(4);
        setPadding(new Insets(4));
        computing = new LatestTask(tasks);
        metric.setId("importanceMetric");
        metric.setPromptText("metric");
        metric.setOnAction(e -> {
            if (!choosing) {
                compute();
            }
        });
        status.setId("importanceStatus");
        status.setWrapText(true);
        status.setMinWidth(0);
        Label caption = new Label("Parameter importance for");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        metric.setMinWidth(140);
        HBox head = new HBox(6, caption, metric);
        head.setAlignment(Pos.CENTER_LEFT);
        table.setId("importanceTable");
        table.setPlaceholder(new Label("No importance computed"));
        TableColumn<ParamImportance.Entry, String> param = new TableColumn<>("Parameter");
        param.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().param()
                + (p.getValue().categorical() ? " (categorical)" : "")));
        param.setPrefWidth(150);
        table.getColumns().add(param);
        table.getColumns().add(barColumn("Importance (R² drop)", ParamImportance.Entry::importance, false));
        table.getColumns().add(barColumn("Correlation (Pearson)", ParamImportance.Entry::correlation, true));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(head, status, table);
    }

    /** Offers the metric keys; keeps the chosen one if still there, else takes {@code preferred}. */
    void setMetricKeys(List<String> keys, String preferred) {
        choosing = true;
        try {
            String m = metric.getValue();
            metric.getItems().setAll(keys);
            metric.setValue(m != null && keys.contains(m) ? m : preferred);
        } finally {
            choosing = false;
        }
    }

    /** Ranks the params of {@code sweep} ({@code description}: which runs they are) for the chosen metric. */
    void setRuns(List<Run> sweep, String description) {
        runs = List.copyOf(sweep);
        which = description;
        compute();
    }

    void chooseMetric(String key) {
        metric.setValue(key); // fires compute()
    }

    String chosenMetric() {
        return metric.getValue();
    }

    TableView<ParamImportance.Entry> table() {
        return table;
    }

    Label status() {
        return status;
    }

    private void compute() {
        String m = metric.getValue();
        if (m == null || runs.isEmpty()) {
            computing.cancel();
            table.getItems().clear();
            status.setText(m == null ? "Choose a metric" : "Compare runs to rank their parameters");
            return;
        }
        List<Run> target = runs;
        String desc = which;
        status.setText("Ranking parameters of " + desc + " for " + m + "…");
        computing.submit("Parameter importance for " + m, p -> {
            Cancellation cancel = Thread.currentThread()::isInterrupted;
            return ParamImportance.compute(target, m, (done, total, msg) -> p.progress(done, total), cancel);
        }, result -> {
            table.getItems().setAll(result.entries());
            status.setText(String.format(Locale.ROOT, "%d runs (%s); the forest explains R² %.2f of %s", result.runs(),
                    desc, result.fit(), m));
        }, e -> {
            table.getItems().clear();
            status.setText(e.getMessage() != null ? e.getMessage() : e.toString());
        });
    }

    /** A number with a bar: length |value| against the column's largest, red for negative when {@code signed}. */
    private TableColumn<ParamImportance.Entry, ParamImportance.Entry> barColumn(
            String title, ToDoubleFunction<ParamImportance.Entry> value, boolean signed) {
        TableColumn<ParamImportance.Entry, ParamImportance.Entry> c = new TableColumn<>(title);
        c.setCellValueFactory(p -> new ReadOnlyObjectWrapper<>(p.getValue()));
        c.setPrefWidth(BAR_WIDTH + 75);
        c.setSortable(false);
        c.setCellFactory(col -> new TableCell<>() {
            private final Region bar = new Region();
            private final StackPane track = new StackPane(bar);

            {
                bar.getStyleClass().add("importance-bar");
                track.setAlignment(Pos.CENTER_LEFT);
                track.setPrefWidth(BAR_WIDTH);
                track.setMaxWidth(BAR_WIDTH);
                setContentDisplay(ContentDisplay.LEFT);
            }

            @Override
            protected void updateItem(ParamImportance.Entry item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                double v = value.applyAsDouble(item);
                setText(Double.isNaN(v) ? "—" : RunColumn.formatNumber(Math.round(v * 1000) / 1000.0));
                double max = getTableView().getItems().stream().mapToDouble(value)
                        .filter(Double::isFinite).map(Math::abs).max().orElse(0);
                double w = Double.isFinite(v) && max > 0 ? BAR_WIDTH * Math.abs(v) / max : 0;
                bar.setMinSize(w, 10);
                bar.setMaxSize(w, 10);
                bar.getStyleClass().remove("negative");
                if (signed && v < 0) {
                    bar.getStyleClass().add("negative");
                }
                setGraphic(track);
            }
        });
        return c;
    }
}
