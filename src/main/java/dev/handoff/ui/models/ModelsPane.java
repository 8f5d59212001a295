package dev.handoff.ui.models;

import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.NotSupportedException;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Models view: MLflow's registered models, the versions of the chosen one with their aliases, status, tags and
 * description, and for the chosen version its run and logged model. Buttons hand the versions' runs to the runs table
 * (Show run, Chart versions, Compare versions) or export the version's bundle. Everything is read in the background,
 * latest-only; a source without a registry shows a message, not an error.
 */
public final class ModelsPane extends BorderPane {
    /** What the view asks of the main window. */
    public interface Actions {
        /** Selects these runs in the runs table (reading their experiments first when not listed). */
        void showRuns(List<String> runIds);

        /** Selects these runs and shows their charts. */
        void chartRuns(List<String> runIds);

        /** Selects these runs and compares them. */
        void compareRuns(List<String> runIds);

        /** Opens Export bundle for a version, by one of {@code refs} (NAME/VERSION first, then its aliases). */
        void export(ModelVersion version, List<ModelRef> refs);
    }

    private final Supplier<RunSource> source;
    private final Actions actions;
    private final LatestTask listing;
    private final LatestTask versionsListing;
    private final LatestTask detailReading;
    private final Label message = new Label();
    private final ListView<RegisteredModel> models = new ListView<>();
    private final Label title = new Label("Choose a registered model");
    private final Label about = new Label();
    private final TableView<ModelVersion> versions = new TableView<>();
    private final TableView<String[]> detail = new TableView<>();
    private final Button showRun = new Button("Show run");
    private final Button chart = new Button("Chart versions");
    private final Button compare = new Button("Compare versions");
    private final Button export = new Button("Export bundle…");
    private RunSource loaded;
    private boolean shown;

    public ModelsPane(TaskRunner tasks, Supplier<RunSource> source, Actions actions) {
        this.source = source;
        this.actions = actions;
        listing = new LatestTask(tasks);
        versionsListing = new LatestTask(tasks);
        detailReading = new LatestTask(tasks);
        getStyleClass().add("models-pane");
        message.setId("modelsMessage");
        message.setWrapText(true);
        Button refresh = new Button("Refresh");
        refresh.setId("refreshModels");
        refresh.setOnAction(e -> reload());
        HBox top = new HBox(8, refresh, message);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(4));
        setTop(top);
        models.setId("modelsList");
        models.setPlaceholder(new Label("No registered models"));
        models.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RegisteredModel m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : Registry.modelLine(m));
            }
        });
        models.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> showModel(m));
        SplitPane split = new SplitPane(new VBox(4, header("Registered models"), grow(models)), versionsBox());
        split.setDividerPositions(0.28);
        setCenter(split);
    }

    private VBox versionsBox() {
        title.setId("modelTitle");
        title.getStyleClass().add(Css.SECTION_HEADER);
        about.setId("modelAbout");
        about.setWrapText(true);
        versions.setId("versionsTable");
        versions.setPlaceholder(new Label("No versions"));
        versions.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        versions.getColumns().setAll(List.of(
                column("Version", 60, ModelVersion::version),
                column("Aliases", 130, Registry::aliases),
                column("Status", 80, ModelVersion::status),
                column("Run", 120, v -> Registry.nullToEmpty(v.runId())),
                column("Logged model", 130, v -> Registry.nullToEmpty(v.loggedModelId())),
                column("Tags", 220, v -> Registry.tags(v.sortedTags())),
                column("Description", 180, v -> Registry.nullToEmpty(v.description())),
                column("Created", 140, v -> Registry.time(v.creationTime()))));
        versions.getSelectionModel().getSelectedItems().addListener(
                (javafx.collections.ListChangeListener<ModelVersion>) c -> versionsChanged());
        detail.setId("versionDetail");
        detail.setPlaceholder(new Label("Select a version"));
        detail.getColumns().setAll(List.of(rowColumn("Field", 150, 0), rowColumn("Value", 520, 1)));
        showRun.setId("showRunButton");
        chart.setId("chartVersionsButton");
        compare.setId("compareVersionsButton");
        export.setId("exportVersionButton");
        showRun.setOnAction(e -> selectedVersion().filter(v -> v.runId() != null)
                .ifPresent(v -> actions.showRuns(List.of(v.runId()))));
        chart.setOnAction(e -> actions.chartRuns(versionRuns()));
        compare.setOnAction(e -> actions.compareRuns(versionRuns()));
        export.setOnAction(e -> selectedVersion().ifPresent(v -> actions.export(v, refsOf(v))));
        HBox buttons = new HBox(6, showRun, chart, compare, export);
        buttons.setAlignment(Pos.CENTER_LEFT);
        versionsChanged();
        SplitPane tables = new SplitPane(versions, new VBox(2, header("Version, run and logged model"), grow(detail)));
        tables.setOrientation(javafx.geometry.Orientation.VERTICAL);
        tables.setDividerPositions(0.45);
        VBox box = new VBox(6, title, about, buttons, grow(tables));
        box.setPadding(new Insets(4, 8, 4, 8));
        return box;
    }

    /** A new source: the registry is read again when the view is next shown. */
    public void setSource(RunSource s) {
        if (s != loaded) {
            loaded = null;
            if (shown) {
                reload();
            }
        }
    }

    /** Whether the view is on screen (the registry is read when first shown for a source). */
    public void setShown(boolean on) {
        shown = on;
        if (on && loaded != source.get()) {
            reload();
        }
    }

    /** Reads the registered models of the current source in the background. */
    public void reload() {
        RunSource s = source.get();
        loaded = s;
        versionsListing.cancel();
        detailReading.cancel();
        models.getItems().clear();
        if (s == null) {
            note("Open a store or connect to a tracking server to see its registered models", null);
            return;
        }
        note("Reading registered models…", null);
        listing.submit("Reading registered models", p -> {
            try {
                return s.listRegisteredModels();
            } catch (NotSupportedException e) {
                return null;
            }
        }, list -> {
            if (list == null) {
                note(s.describe() + " has no Model Registry to read: registered models, versions and aliases show "
                        + "here for MLflow file stores, mlflow.db and tracking servers.", null);
                return;
            }
            models.getItems().setAll(list);
            note(list.isEmpty() ? "No registered models in " + s.describe()
                    : list.size() + " registered model" + (list.size() == 1 ? "" : "s") + " in " + s.describe(), null);
            if (!list.isEmpty()) {
                models.getSelectionModel().select(0);
            }
        }, e -> note("Could not read the Model Registry: " + e.getMessage(), false));
    }

    private void showModel(RegisteredModel m) {
        versions.getItems().clear();
        detailReading.cancel();
        if (m == null) {
            title.setText("Choose a registered model");
            about.setText("");
            versionsListing.cancel();
            return;
        }
        title.setText(m.name());
        about.setText(aboutText(m));
        RunSource s = loaded;
        versionsListing.submit("Reading versions of " + m.name(), p -> s.listModelVersions(m.name()), list -> {
            versions.getItems().setAll(list);
            if (!list.isEmpty()) {
                versions.getSelectionModel().select(list.size() - 1);
            }
        }, e -> note("Could not read the versions of " + m.name() + ": " + e.getMessage(), false));
    }

    private static String aboutText(RegisteredModel m) {
        List<String> parts = new ArrayList<>();
        if (m.description() != null && !m.description().isBlank()) {
            parts.add(m.description());
        }
        if (!m.tags().isEmpty()) {
            parts.add("Tags: " + Registry.tags(m.sortedTags()));
        }
        parts.add("Aliases: " + (m.aliases().isEmpty() ? "none" : m.sortedAliases().entrySet().stream()
                .map(e -> "@" + e.getKey() + " → version " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("")));
        return String.join("   ·   ", parts);
    }

    private void versionsChanged() {
        var v = selectedVersion();
        showRun.setDisable(v.isEmpty() || v.get().runId() == null);
        export.setDisable(v.isEmpty() || v.get().runId() == null);
        chart.setDisable(versionRuns().isEmpty());
        compare.setDisable(versionRuns().size() < 2);
        detail.getItems().clear();
        if (v.isEmpty()) {
            detailReading.cancel();
            return;
        }
        ModelVersion version = v.get();
        detail.getItems().setAll(Registry.versionRows(version, null, null));
        RunSource s = loaded;
        detailReading.submit("Reading the logged model of " + version.name() + " version " + version.version(),
                p -> loggedModelOf(s, version),
                logged -> detail.getItems().setAll(Registry.versionRows(version, logged, null)),
                e -> detail.getItems().setAll(Registry.versionRows(version, null, e.getMessage())));
    }

    /** The version's logged model: by its id, else the run's only logged model; null when none. */
    private static LoggedModel loggedModelOf(RunSource s, ModelVersion v) throws dev.handoff.runs.SourceException {
        try {
            if (v.loggedModelId() != null) {
                return s.getLoggedModel(v.loggedModelId());
            }
            if (v.runId() != null) {
                List<LoggedModel> ofRun = s.loggedModelsOfRun(v.runId());
                return ofRun.size() == 1 ? ofRun.get(0) : null;
            }
            return null;
        } catch (NotSupportedException e) {
            return null;
        }
    }

    private java.util.Optional<ModelVersion> selectedVersion() {
        var selected = versions.getSelectionModel().getSelectedItems();
        return selected.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(selected.get(selected.size() - 1));
    }

    /** The runs of the selected versions when two or more are selected, else of every version shown. */
    private List<String> versionRuns() {
        List<ModelVersion> from = versions.getSelectionModel().getSelectedItems().size() >= 2
                ? List.copyOf(versions.getSelectionModel().getSelectedItems()) : versions.getItems();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (ModelVersion v : from) {
            if (v != null && v.runId() != null && !v.runId().isEmpty()) {
                ids.add(v.runId());
            }
        }
        return List.copyOf(ids);
    }

    static List<ModelRef> refsOf(ModelVersion v) {
        List<ModelRef> refs = new ArrayList<>();
        refs.add(new ModelRef(v.name(), null, v.version()));
        v.aliases().forEach(a -> refs.add(new ModelRef(v.name(), a, null)));
        return refs;
    }

    private void note(String text, Boolean ok) {
        message.setText(text);
        if (ok == null) {
            Css.neutral(message);
        } else {
            Css.outcome(message, ok);
        }
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Css.SECTION_HEADER);
        return l;
    }

    private static <T extends javafx.scene.layout.Region> T grow(T node) {
        VBox.setVgrow(node, Priority.ALWAYS);
        return node;
    }

    private static TableColumn<ModelVersion, String> column(String name, double width, Function<ModelVersion, String> value) {
        TableColumn<ModelVersion, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static TableColumn<String[], String> rowColumn(String name, double width, int index) {
        TableColumn<String[], String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue()[index]));
        return c;
    }

    // --- for tests
    public ListView<RegisteredModel> modelsList() {
        return models;
    }

    public TableView<ModelVersion> versionsTable() {
        return versions;
    }

    public TableView<String[]> detailTable() {
        return detail;
    }

    public String message() {
        return message.getText();
    }
}
