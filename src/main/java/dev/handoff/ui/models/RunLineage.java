package dev.handoff.ui.models;

import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.NotSupportedException;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Run detail's Datasets and Logged models tabs: the datasets the run used (name, digest, source, context tag) and the
 * MLflow 3 logged models it produced, read in the background latest-only per run shown (showing another run drops the
 * earlier reads).
 */
public final class RunLineage {
    private final LatestTask datasetsReading;
    private final LatestTask modelsReading;
    private final TableView<DatasetInput> datasets = new TableView<>();
    private final TableView<LoggedModel> logged = new TableView<>();
    private final Tab datasetsTab = new Tab("Datasets", datasets);
    private final Tab loggedTab = new Tab("Logged models", logged);

    public RunLineage(TaskRunner tasks) {
        datasetsReading = new LatestTask(tasks);
        modelsReading = new LatestTask(tasks);
        datasets.setId("datasetsTable");
        logged.setId("loggedModelsTable");
        datasetsTab.setId("datasetsTab");
        loggedTab.setId("loggedModelsTab");
        datasets.getColumns().setAll(List.of(
                column("Dataset", 95, DatasetInput::name),
                column("Digest", 70, DatasetInput::digest),
                column("Context", 70, d -> Registry.nullToEmpty(d.context())),
                column("Source", 200, d -> (d.sourceType().isEmpty() ? "" : d.sourceType() + ": ") + d.source())));
        logged.getColumns().setAll(List.of(
                column("Logged model", 150, m -> m.modelId() + (m.name().isEmpty() ? "" : " (" + m.name() + ")")),
                column("Status", 70, m -> Registry.nullToEmpty(m.status())),
                column("Params", 150, m -> Registry.tags(m.sortedParams())),
                column("Metrics", 160, m -> m.metrics().stream().map(x -> x.key() + "=" + x.value())
                        .collect(Collectors.joining(", ")))));
        show(null, null);
    }

    public List<Tab> tabs() {
        return List.of(datasetsTab, loggedTab);
    }

    /** Shows what {@code run} used and produced; null clears. */
    public void show(RunSource source, Run run) {
        datasets.getItems().clear();
        logged.getItems().clear();
        if (source == null || run == null) {
            datasetsReading.cancel();
            modelsReading.cancel();
            datasets.setPlaceholder(new Label("Select a run"));
            logged.setPlaceholder(new Label("Select a run"));
            return;
        }
        datasets.setPlaceholder(new Label("Reading the run's dataset inputs…"));
        logged.setPlaceholder(new Label("Reading the run's logged models…"));
        String id = run.id();
        datasetsReading.submit("Reading dataset inputs of " + run.displayName(),
                p -> orNull(() -> source.getDatasetInputs(id)),
                list -> fill(datasets, list, "The run logged no dataset inputs (mlflow.log_input)",
                        "This source does not record dataset inputs"),
                e -> datasets.setPlaceholder(new Label("Could not read dataset inputs: " + e.getMessage())));
        modelsReading.submit("Reading logged models of " + run.displayName(),
                p -> orNull(() -> source.loggedModelsOfRun(id)),
                list -> fill(logged, list, "The run produced no MLflow 3 logged model",
                        "This source does not record logged models"),
                e -> logged.setPlaceholder(new Label("Could not read logged models: " + e.getMessage())));
    }

    private static <T> void fill(TableView<T> table, List<T> list, String none, String unsupported) {
        table.setPlaceholder(new Label(list == null ? unsupported : none));
        table.getItems().setAll(list == null ? List.of() : list);
    }

    private interface Read<T> {
        T read() throws dev.handoff.runs.SourceException;
    }

    /** The read's value, or null when the source cannot answer that kind of question. */
    private static <T> T orNull(Read<T> read) throws dev.handoff.runs.SourceException {
        try {
            return read.read();
        } catch (NotSupportedException e) {
            return null;
        }
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    // --- for tests
    public TableView<DatasetInput> datasetsTable() {
        return datasets;
    }

    public TableView<LoggedModel> loggedModelsTable() {
        return logged;
    }
}
