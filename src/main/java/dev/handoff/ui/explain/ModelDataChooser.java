package dev.handoff.ui.explain;

import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.TribuoFunctions;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Chooses what is explained: the model (the selected run's {@value #RUN_MODEL_ARTIFACT} or a model file, loaded in the
 * background with its SHA-256, latest choice wins) and the labelled CSV with its label column. Choosing either tells
 * the explain view first ({@code onChoosing}), which cancels a running explanation of the old choice.
 */
final class ModelDataChooser extends VBox {
    /** Where a run keeps its Tribuo model. */
    static final String RUN_MODEL_ARTIFACT = "model/" + TribuoModelFiles.MODEL_FILE;

    private final LatestTask loads;
    private final Supplier<RunSource> source;
    private final Supplier<Run> selectedRun;
    private final Consumer<String> onError;
    private final Runnable onChoosing;
    private final Runnable onDataChanged;

    private final Label modelInfo = new Label("No model");
    private final Label dataInfo = new Label("No dataset");
    private final ComboBox<String> labelColumn = new ComboBox<>();
    private final ReadOnlyObjectWrapper<ModelArtifact> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Path> csv = new ReadOnlyObjectWrapper<>(this, "csv");
    /** The loaded run model's training data (TreeSHAP's CART covers), or null. */
    private dev.handoff.bundle.model.TrainingData.Found trainingData;
    private boolean csvChosenByUser;

    /**
     * @param tasks         runs model loads
     * @param onError       shows a problem to the user
     * @param onChoosing    runs before a model starts loading or the data changes (a running explanation is stale)
     * @param onDataChanged runs when the CSV or its label column changed (results of the old data are stale)
     */
    ModelDataChooser(TaskRunner tasks, Supplier<RunSource> source, Supplier<Run> selectedRun, Consumer<String> onError,
                     Runnable onChoosing, Runnable onDataChanged) {
        super(6);
        this.loads = new LatestTask(tasks);
        this.source = source;
        this.selectedRun = selectedRun;
        this.onError = onError;
        this.onChoosing = onChoosing;
        this.onDataChanged = onDataChanged;
        Button useRun = new Button("Use selected run's model");
        useRun.setId("useRunModel");
        useRun.setOnAction(e -> useSelectedRunModel());
        Button openModel = new Button("Open model file…");
        openModel.setId("openModel");
        openModel.setOnAction(e -> chooseModelFile());
        Button openCsv = new Button("Open CSV…");
        openCsv.setId("openCsv");
        openCsv.setOnAction(e -> chooseCsv());
        modelInfo.setId("modelInfo");
        dataInfo.setId("dataInfo");
        labelColumn.setId("labelColumn");
        labelColumn.setPromptText("label column");
        labelColumn.valueProperty().addListener((o, a, b) -> {
            if (a != null && !a.equals(b)) {
                onChoosing.run();
                onDataChanged.run();
            }
        });
        getChildren().addAll(row(new Label("Model:"), useRun, openModel, modelInfo),
                row(new Label("Data:"), openCsv, dataInfo, new Label("Label column"), labelColumn));
    }

    static HBox row(Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** The model being explained (null until one is loaded). */
    ReadOnlyObjectProperty<ModelArtifact> modelProperty() {
        return model.getReadOnlyProperty();
    }

    ModelArtifact model() {
        return model.get();
    }

    /** True while a model loads. */
    ReadOnlyBooleanProperty loadingProperty() {
        return loads.runningProperty();
    }

    Path csv() {
        return csv.get();
    }

    ComboBox<String> labelColumn() {
        return labelColumn;
    }

    /** Loads the selected run's {@value #RUN_MODEL_ARTIFACT} in the background. */
    void useSelectedRunModel() {
        RunSource s = source.get();
        Run run = selectedRun.get();
        if (s == null || run == null) {
            onError.accept("Select a run first (its " + RUN_MODEL_ARTIFACT + " artifact is explained)");
            return;
        }
        String runId = run.id();
        String runName = run.info().runName();
        load("Loading model of run " + runId, () -> {
                    ModelArtifact a = ModelArtifact.fromRun(s, runId, RUN_MODEL_ARTIFACT, runName);
                    return new Loaded(a, dev.handoff.explain.ExplanationService.countsCovers(a.model())
                            ? dev.handoff.bundle.model.TrainingData.find(s, runId, a.model(),
                            dev.handoff.bundle.RunBundleExport.projectDir(s)).orElse(null) : null);
                },
                "Could not load " + RUN_MODEL_ARTIFACT + " of run " + runId);
    }

    /** Loads a Tribuo model file in the background; its reference for sign-offs is the file's SHA-256. */
    void openModelFile(Path file) {
        load("Loading " + file.getFileName(), () -> new Loaded(ModelArtifact.fromFile(file), null),
                "Could not load model " + file);
    }

    /** A loaded model with its training data, if found. */
    private record Loaded(ModelArtifact artifact, dev.handoff.bundle.model.TrainingData.Found training) {
    }

    private interface Loader {
        Loaded load() throws Exception;
    }

    /** The current model's training data (for TreeSHAP's CART covers), or null when none was found. */
    dev.handoff.bundle.model.TrainingData.Found trainingData() {
        return trainingData;
    }

    private void load(String title, Loader loader, String failure) {
        onChoosing.run();
        loads.submit(title, p -> {
            Loaded loaded = loader.load();
            ModelArtifact a = loaded.artifact();
            if (!TribuoFunctions.isRegressor(a.model())
                    && !a.model().validate(org.tribuo.classification.Label.class)) {
                throw new IllegalArgumentException(a.description() + " is neither a classifier nor a regressor:"
                        + " the explain view handles Tribuo classification and regression models");
            }
            return loaded;
        }, this::use, e -> onError.accept(failure + ": " + ExplainPane.message(e)));
    }

    private void use(Loaded both) {
        ModelArtifact loaded = both.artifact();
        trainingData = both.training();
        List<String> features = FeatureTable.modelFeatures(loaded.model());
        modelInfo.setText(loaded.description() + " — " + loaded.model().getClass().getSimpleName() + ", "
                + features.size() + " features, sha256:" + loaded.sha256().substring(0, 12));
        modelInfo.setTooltip(new Tooltip(loaded.ref() + "\nsha256:" + loaded.sha256() + "\nfeatures: " + features));
        model.set(loaded);
    }

    /** Uses a CSV as the dataset; its header fills the label column chooser. */
    void openCsv(Path file) {
        try {
            List<String> header = DatasetChoice.header(file);
            onChoosing.run();
            csv.set(file);
            dataInfo.setText(file.getFileName() + " (" + header.size() + " columns)");
            dataInfo.setTooltip(new Tooltip(file.toString()));
            labelColumn.getItems().setAll(header);
            labelColumn.setValue(DatasetChoice.guessLabelColumn(header));
            onDataChanged.run();
        } catch (IOException e) {
            onError.accept("Could not read " + file + ": " + ExplainPane.message(e));
        }
    }

    /**
     * Tells the chooser where the opened store lives: if it sits in a project folder with {@code data/test.csv} and no
     * CSV was chosen by hand, that file is preselected.
     */
    void setStoreLocation(String location) {
        if (csvChosenByUser || location == null) {
            return;
        }
        String path = location.replaceFirst("^(sqlite|file):(//)?", "");
        try {
            Optional<Path> test = DatasetChoice.projectTestCsv(Path.of(path));
            test.ifPresent(this::openCsv);
        } catch (InvalidPathException e) {
            // a server URL or other non-path location: nothing to preselect
        }
    }

    private void chooseModelFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a Tribuo model");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Tribuo model", "*.tribuo"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            openModelFile(f.toPath());
        }
    }

    private void chooseCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a labelled CSV");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path current = csv.get();
        if (current != null && current.getParent() != null) {
            chooser.setInitialDirectory(current.getParent().toFile());
        }
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            csvChosenByUser = true;
            openCsv(f.toPath());
        }
    }
}
