package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.model.RunColumn;
import dev.handoff.ui.models.RunLineage;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Right column: params, metrics, tags and artifacts of the focused run, and the list of unreadable entries. */
final class RunDetailPane extends TabPane {
    private final TableView<String[]> params = keyValueTable("Parameter", "Value");
    private final TableView<String[]> metrics = keyValueTable("Metric", "Latest", "Step");
    private final TableView<String[]> tags = keyValueTable("Tag", "Value");
    private final TreeView<ArtifactRef> artifacts = new TreeView<>();
    private final ListView<String> problems = new ListView<>();
    private final Tab problemsTab = new Tab("Problems (0)", problems);
    private final TaskRunner tasks;
    /** The artifact listings of the run shown (a folder each); cancelled when another run is shown. */
    private final List<LatestTask> folderListings = new ArrayList<>();
    private final Supplier<RunSource> source;
    /** Datasets and logged models of the run shown. */
    private final RunLineage lineage;

    RunDetailPane(TaskRunner tasks, Supplier<RunSource> source) {
        this.tasks = tasks;
        this.source = source;
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        problems.setId("problems");
        problems.setPlaceholder(new Label("Everything loaded"));
        artifacts.setId("artifacts");
        artifacts.setShowRoot(false);
        artifacts.setCellFactory(v -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(ArtifactRef item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null
                        : item.fileName() + (item.directory() ? "/" : item.fileSize() >= 0 ? "  (" + item.fileSize() + " B)" : ""));
            }
        });
        params.setId("paramsTable");
        metrics.setId("metricsTable");
        problemsTab.setId("problemsTab");
        lineage = new RunLineage(tasks);
        getTabs().addAll(new Tab("Params", params), new Tab("Metrics", metrics), new Tab("Tags", tags),
                new Tab("Artifacts", artifacts));
        getTabs().addAll(lineage.tabs());
        getTabs().add(problemsTab);
    }

    void show(Run run) {
        // the listings of the run shown before are superseded: their late results and failures are dropped
        folderListings.forEach(LatestTask::cancel);
        folderListings.clear();
        lineage.show(run == null ? null : source.get(), run);
        if (run == null) {
            params.getItems().clear();
            metrics.getItems().clear();
            tags.getItems().clear();
            artifacts.setRoot(null);
            return;
        }
        params.getItems().setAll(run.params().entrySet().stream().map(e -> new String[]{e.getKey(), e.getValue()}).toList());
        metrics.getItems().setAll(run.latestMetrics().values().stream().map(RunDetailPane::metricRow).toList());
        tags.getItems().setAll(run.tags().entrySet().stream().map(e -> new String[]{e.getKey(), e.getValue()}).toList());
        TreeItem<ArtifactRef> root = new TreeItem<>(new ArtifactRef(run.id(), "", true, -1));
        artifacts.setRoot(root);
        loadChildren(root);
    }

    void setProblems(List<LoadProblem> list) {
        problems.getItems().setAll(list.stream().map(LoadProblem::describe).toList());
        problemsTab.setText("Problems (" + list.size() + ")");
    }

    void addProblem(String description) {
        problems.getItems().add(description);
        problemsTab.setText("Problems (" + problems.getItems().size() + ")");
    }

    RunLineage lineage() {
        return lineage;
    }

    List<String> problems() {
        return problems.getItems();
    }

    /** Lists a folder's children in the background; sub-folders load when first expanded. */
    private void loadChildren(TreeItem<ArtifactRef> folder) {
        ArtifactRef ref = folder.getValue();
        RunSource src = source.get();
        LatestTask listing = new LatestTask(tasks); // one subject: this folder of the run shown
        folderListings.add(listing);
        listing.submit("Listing artifacts " + ref.path(), p -> src.listArtifacts(ref.runId(), ref.path()), children -> {
            for (ArtifactRef c : children) {
                TreeItem<ArtifactRef> item = new TreeItem<>(c);
                if (c.directory()) {
                    item.getChildren().add(new TreeItem<>(new ArtifactRef(c.runId(), c.path() + "/…", false, -1)));
                    item.expandedProperty().addListener((o, was, now) -> {
                        if (now && item.getChildren().size() == 1 && item.getChildren().get(0).getValue().path().endsWith("/…")) {
                            item.getChildren().clear();
                            loadChildren(item);
                        }
                    });
                }
                folder.getChildren().add(item);
            }
            folder.setExpanded(true);
        }, e -> addProblem("artifacts of run " + ref.runId() + ": " + e.getMessage()));
    }

    private static String[] metricRow(Metric m) {
        return new String[]{m.key(), RunColumn.formatNumber(m.value()), Long.toString(m.step())};
    }

    private static TableView<String[]> keyValueTable(String... headers) {
        TableView<String[]> t = new TableView<>();
        for (int i = 0; i < headers.length; i++) {
            int col = i;
            TableColumn<String[], String> c = new TableColumn<>(headers[i]);
            c.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue()[col]));
            c.setPrefWidth(i == 0 ? 150 : 110);
            t.getColumns().add(c);
        }
        t.setPlaceholder(new Label("Select a run"));
        return t;
    }
}
