package dev.handoff.ui.explain;

import dev.handoff.bundle.RunBundleExport;
import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationMethod;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.FeatureImportance;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.IntrinsicImportance;
import dev.handoff.explain.TribuoFunctions;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.stage.FileChooser;
import org.tribuo.Model;
import org.tribuo.Prediction;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The "Explain" view: pick a classifier or a regressor (the selected run's {@code model/model.tribuo} or a file) and a labelled CSV,
 * choose a method the model supports, explain in the background, then read the global importance, a row's waterfall
 * and the beeswarm summary, and sign the explanation off (kept in a {@link ReviewStore}).
 */
public final class ExplainPane extends BorderPane {
    /** Where a run keeps its Tribuo model. */
    public static final String RUN_MODEL_ARTIFACT = "model/" + TribuoModelFiles.MODEL_FILE;
    private static final int MAX_WATERFALL_STEPS = 12;
    private static final int MAX_CHART_FEATURES = 20;

    private final BackgroundWork tasks;
    private final Supplier<RunSource> source;
    private final Supplier<Run> selectedRun;
    private final ReviewStore reviews;

    private final Label modelInfo = new Label("No model");
    private final Label dataInfo = new Label("No dataset");
    private final ComboBox<String> labelColumn = new ComboBox<>();
    private final ComboBox<Kind> method = new ComboBox<>();
    private final ComboBox<String> explainedClass = new ComboBox<>();
    private final Spinner<Integer> maxRows = new Spinner<>(1, 100_000, 200, 50);
    private final Spinner<Integer> samples = new Spinner<>(50, 1_000_000, 1000, 100);
    private final Spinner<Integer> backgroundK = new Spinner<>(1, 500, 20, 5);
    private final TextField seed = new TextField("42");
    private final Spinner<Integer> repeats = new Spinner<>(1, 100, 5, 1);
    private final Button explain = new Button("Explain");
    private final Label error = new Label();

    private final ObservableList<RowItem> rowItems = FXCollections.observableArrayList();
    private final FilteredList<RowItem> filteredRows = new FilteredList<>(rowItems);
    private final TableView<RowItem> rowTable = new TableView<>();
    private final TextField rowSearch = new TextField();
    private final TableColumn<RowItem, Double> probability = new TableColumn<>();

    private final TabPane chartTabs = new TabPane();
    private final ChartSlot importanceViewer = new ChartSlot("importanceChart", "Explain to see global importance");
    private final ChartSlot waterfallViewer = new ChartSlot("waterfallChart", "Pick a row to see its waterfall");
    private final ChartSlot summaryViewer = new ChartSlot("summaryChart", "Explain with a local method to see the summary");
    private final Label waterfallSummary = new Label("Pick a row");
    private final Tab importanceTab = new Tab("Importance");
    private final Tab waterfallTab = new Tab("Waterfall");
    private final Tab summaryTab = new Tab("Summary");

    private final TextField reviewer = new TextField();
    private final RadioButton approve = new RadioButton("Approve");
    private final RadioButton needsChanges = new RadioButton("Needs changes");
    private final TextArea comment = new TextArea();
    private final Button signOff = new Button("Sign off");
    private final Label signOffMessage = new Label();
    private final ListView<String> previousSignOffs = new ListView<>();

    /** A classifier or a regressor. */
    private Model<?> model;
    private final Label outputLabel = new Label("Class");
    private String modelRef;
    private Path csv;
    private boolean csvChosenByUser;
    private ExplanationReport localReport;
    private ExplanationReport shownReport;
    private Map<Integer, ExplanationReport.RowExplanation> explainedRows = Map.of();

    /**
     * @param tasks       background runner (progress and Cancel in the status bar)
     * @param source      the opened store, or null
     * @param selectedRun the run selected in the runs table, or null
     * @param reviews     where sign-offs are kept
     */
    public ExplainPane(BackgroundWork tasks, Supplier<RunSource> source, Supplier<Run> selectedRun, ReviewStore reviews) {
        this.tasks = tasks;
        this.source = source;
        this.selectedRun = selectedRun;
        this.reviews = reviews;
        getStyleClass().add("explain-pane");
        setTop(controls());
        SplitPane split = new SplitPane(rowPicker(), charts(), signOffBox());
        split.setDividerPositions(0.26, 0.78);
        setCenter(split);
        updateExplainEnabled();
    }

    // ---- controls

    private VBox controls() {
        Button useRun = new Button("Use selected run's model");
        useRun.setId("useRunModel");
        useRun.setOnAction(e -> useSelectedRunModel());
        Button openModel = new Button("Open model file…");
        openModel.setOnAction(e -> chooseModelFile());
        Button openCsv = new Button("Open CSV…");
        openCsv.setOnAction(e -> chooseCsv());
        modelInfo.setId("modelInfo");
        dataInfo.setId("dataInfo");
        labelColumn.setId("labelColumn");
        labelColumn.setPromptText("label column");
        method.setId("method");
        explainedClass.setId("explainedClass");
        explain.setId("explain");
        explain.setDefaultButton(true);
        explain.setOnAction(e -> explain());
        for (Spinner<Integer> s : List.of(maxRows, samples, backgroundK, repeats)) {
            s.setEditable(true);
            s.setPrefWidth(90);
        }
        seed.setPrefColumnCount(6);
        samples.setTooltip(new Tooltip("KernelSHAP coalitions / LIME samples per row"));
        backgroundK.setTooltip(new Tooltip("k-means clusters summarising the background data (KernelSHAP, linear SHAP)"));
        repeats.setTooltip(new Tooltip("shuffles per feature (permutation importance)"));
        method.valueProperty().addListener((o, a, b) -> updateParameterState());
        error.setId("explainError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #b00020;");
        error.setManaged(false);
        error.visibleProperty().addListener((o, a, b) -> error.setManaged(b));
        error.setVisible(false);

        HBox model = row(new Label("Model:"), useRun, openModel, modelInfo);
        HBox data = row(new Label("Data:"), openCsv, dataInfo, new Label("Label column"), labelColumn);
        FlowPane params = new FlowPane(8, 6, new Label("Method"), method, outputLabel, explainedClass,
                new Label("Rows"), maxRows, new Label("Samples"), samples, new Label("Background k"), backgroundK,
                new Label("Seed"), seed, new Label("Repeats"), repeats, explain);
        params.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, model, data, params, error);
        box.setPadding(new Insets(6, 8, 6, 8));
        return box;
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
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
        probability.textProperty().bind(Bindings.createStringBinding(
                () -> "P(" + (explainedClass.getValue() == null ? "class" : explainedClass.getValue()) + ")",
                explainedClass.valueProperty()));
        probability.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().probability()));
        probability.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
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
                setStyle(!empty && item != null && item.misclassified() ? "-fx-text-background-color: #b00020;" : "");
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

    private TabPane charts() {
        waterfallSummary.setId("waterfallSummary");
        waterfallSummary.setPadding(new Insets(4, 8, 4, 8));
        importanceTab.setContent(importanceViewer);
        BorderPane waterfall = new BorderPane(waterfallViewer);
        waterfall.setBottom(waterfallSummary);
        waterfallTab.setContent(waterfall);
        summaryTab.setContent(summaryViewer);
        chartTabs.getTabs().addAll(importanceTab, waterfallTab, summaryTab);
        chartTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return chartTabs;
    }

    private VBox signOffBox() {
        reviewer.setId("reviewer");
        reviewer.setPromptText("Your name");
        ToggleGroup decision = new ToggleGroup();
        approve.setToggleGroup(decision);
        needsChanges.setToggleGroup(decision);
        approve.setSelected(true);
        approve.setId("approve");
        needsChanges.setId("needsChanges");
        comment.setId("comment");
        comment.setPromptText("Comment (required for 'Needs changes')");
        comment.setPrefRowCount(4);
        comment.setWrapText(true);
        signOff.setId("signOff");
        signOff.setOnAction(e -> signOff());
        signOffMessage.setId("signOffMessage");
        signOffMessage.setWrapText(true);
        previousSignOffs.setId("previousSignOffs");
        previousSignOffs.setPlaceholder(new Label("No sign-offs yet"));
        previousSignOffs.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(l.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        Label title = new Label("Sign-off");
        title.setStyle("-fx-font-weight: bold;");
        VBox.setVgrow(previousSignOffs, Priority.ALWAYS);
        VBox box = new VBox(6, title, reviewer, row(approve, needsChanges), comment, signOff, signOffMessage,
                new Label("Previous sign-offs of this model"), previousSignOffs);
        box.setPadding(new Insets(6));
        box.setMinWidth(200);
        return box;
    }

    // ---- model and data

    /** Loads the selected run's {@value #RUN_MODEL_ARTIFACT} in the background. */
    public void useSelectedRunModel() {
        RunSource s = source.get();
        Run run = selectedRun.get();
        if (s == null || run == null) {
            showError("Select a run first (its " + RUN_MODEL_ARTIFACT + " artifact is explained)");
            return;
        }
        String runId = run.id();
        tasks.submit("Loading model of run " + runId, p -> RunBundleExport.loadModel(s, runId, RUN_MODEL_ARTIFACT),
                m -> useModel(m, ReviewStore.runModelRef(runId, RUN_MODEL_ARTIFACT),
                        "run " + run.info().runName() + " (" + runId + ")"),
                e -> showError("Could not load " + RUN_MODEL_ARTIFACT + " of run " + runId + ": " + message(e)));
    }

    /** Loads a Tribuo model file in the background; its reference for sign-offs is the file's SHA-256. */
    public void openModelFile(Path file) {
        tasks.submit("Loading " + file.getFileName(), p -> new LoadedFile(TribuoModelFiles.readModel(file), sha256(file)),
                l -> useModel(l.model(), "sha256:" + l.sha256(), file.getFileName().toString()),
                e -> showError("Could not load model " + file + ": " + message(e)));
    }

    private record LoadedFile(Model<?> model, String sha256) {
    }

    @SuppressWarnings("unchecked")
    private void useModel(Model<?> loaded, String ref, String description) {
        boolean regressor = TribuoFunctions.isRegressor(loaded);
        if (!regressor && !loaded.validate(org.tribuo.classification.Label.class)) {
            showError(description + " is neither a classifier nor a regressor: the explain view handles Tribuo"
                    + " classification and regression models");
            return;
        }
        model = loaded;
        modelRef = ref;
        List<String> features = FeatureTable.modelFeatures(model);
        modelInfo.setText(description + " — " + model.getClass().getSimpleName() + ", " + features.size()
                + " features");
        modelInfo.setTooltip(new Tooltip(ref + "\nfeatures: " + features));
        List<Kind> kinds = new ArrayList<>();
        for (ExplanationMethod m : Explainers.supported(model)) {
            kinds.add(Kind.valueOf(m.name()));
        }
        kinds.add(Kind.PERMUTATION);
        kinds.add(Kind.INTRINSIC);
        method.getItems().setAll(kinds);
        method.getSelectionModel().select(0);
        if (regressor) {
            // the explained output is a dimension's predicted value
            List<String> dims = TribuoFunctions.dimensions((Model<org.tribuo.regression.Regressor>) model);
            outputLabel.setText("Output");
            probability.setVisible(false);
            explainedClass.getItems().setAll(dims);
            explainedClass.setValue(dims.get(0));
        } else {
            Model<org.tribuo.classification.Label> classifier = (Model<org.tribuo.classification.Label>) model;
            List<String> classes = new ArrayList<>();
            classifier.getOutputIDInfo().getDomain().forEach(l -> classes.add(l.getLabel()));
            classes.sort(String::compareTo);
            outputLabel.setText("Class");
            probability.setVisible(true);
            explainedClass.getItems().setAll(classes);
            explainedClass.setValue(ExplanationService.defaultLabel(classifier));
        }
        clearResults();
        refreshSignOffs();
        hideError();
        updateExplainEnabled();
    }

    /** Uses a CSV as the dataset; its header fills the label column chooser. */
    public void openCsv(Path file) {
        try {
            List<String> header = DatasetChoice.header(file);
            csv = file;
            dataInfo.setText(file.getFileName() + " (" + header.size() + " columns)");
            dataInfo.setTooltip(new Tooltip(file.toString()));
            labelColumn.getItems().setAll(header);
            labelColumn.setValue(DatasetChoice.guessLabelColumn(header));
            hideError();
        } catch (IOException e) {
            showError("Could not read " + file + ": " + message(e));
        }
        updateExplainEnabled();
    }

    /**
     * Tells the pane where the opened store lives: if it sits in a project folder with {@code data/test.csv} and no
     * CSV was chosen by hand, that file is preselected.
     */
    public void setStoreLocation(String location) {
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
        if (csv != null && csv.getParent() != null) {
            chooser.setInitialDirectory(csv.getParent().toFile());
        }
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            csvChosenByUser = true;
            openCsv(f.toPath());
        }
    }

    // ---- explaining

    /** What one background explanation produced. */
    private record Result(ExplanationReport report, List<RowItem> rows) {
    }

    /** Runs the chosen method in the background (progress and Cancel in the status bar). */
    public void explain() {
        if (model == null || csv == null || method.getValue() == null) {
            showError("Choose a model and a CSV first");
            return;
        }
        long seedValue;
        try {
            seedValue = Long.parseLong(seed.getText().strip());
        } catch (NumberFormatException e) {
            showError("Seed must be a whole number, not '" + seed.getText() + "'");
            return;
        }
        Model<?> m = model;
        Path file = csv;
        String labelCol = labelColumn.getValue();
        Kind kind = method.getValue();
        String label = explainedClass.getValue();
        int limit = maxRows.getValue();
        Explainers.Options options = new Explainers.Options(backgroundK.getValue(), samples.getValue(), samples.getValue(),
                seedValue);
        int reps = repeats.getValue();
        hideError();
        explain.setDisable(true);
        tasks.submit("Explaining with " + kind, p -> {
            Thread worker = Thread.currentThread();
            Cancellation cancel = worker::isInterrupted;
            List<String> features = FeatureTable.modelFeatures(m);
            FeatureTable table = FeatureTable.fromCsv(file, labelCol, features);
            List<Integer> rows = IntStream.range(0, Math.min(limit, table.numRows())).boxed().toList();
            ExplanationService.Request request = new ExplanationService.Request(kind, label, rows, options, reps);
            ExplanationReport report = ExplanationService.run(m, table, request, p::update, cancel);
            return new Result(report, rowItems(m, table, report, label));
        }, result -> {
            updateExplainEnabled();
            show(result);
        }, e -> {
            updateExplainEnabled();
            showError(message(e));
        }, this::updateExplainEnabled);
    }

    @SuppressWarnings("unchecked")
    private static List<RowItem> rowItems(Model<?> anyModel, FeatureTable table, ExplanationReport report, String label) {
        if (report.rows().isEmpty()) {
            return List.of();
        }
        if (TribuoFunctions.isRegressor(anyModel)) {
            // predicted values as numbers; no probability, and "misclassified" does not apply
            List<RowItem> items = new ArrayList<>();
            for (ExplanationReport.RowExplanation r : report.rows()) {
                items.add(RowItem.numeric(r.row(), String.format(Locale.ROOT, "%.4g", r.modelOutput()), r.actual()));
            }
            return items;
        }
        Model<org.tribuo.classification.Label> m = (Model<org.tribuo.classification.Label>) anyModel;
        double[][] x = report.rows().stream().map(r -> table.row(r.row())).toArray(double[][]::new);
        List<Prediction<org.tribuo.classification.Label>> predictions = m.predict(TribuoFunctions.examples(table.featureNames(), x));
        List<RowItem> items = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            ExplanationReport.RowExplanation r = report.rows().get(i);
            org.tribuo.classification.Label scored = predictions.get(i).getOutputScores().get(label);
            double p = m.generatesProbabilities() && scored != null ? scored.getScore() : Double.NaN;
            items.add(new RowItem(r.row(), r.predicted(), p, r.actual()));
        }
        return items;
    }

    private void show(Result result) {
        ExplanationReport report = result.report();
        shownReport = report;
        if (!report.rows().isEmpty()) {
            localReport = report;
            Map<Integer, ExplanationReport.RowExplanation> byRow = new LinkedHashMap<>();
            report.rows().forEach(r -> byRow.put(r.row(), r));
            explainedRows = byRow;
            rowItems.setAll(result.rows());
            summaryViewer.show(ExplainCharts.summary(SummaryPlot.of(report.rows(), MAX_CHART_FEATURES, 1L),
                    "attribution (" + report.outputSpace() + ", " + report.explainedOutput() + ")"));
            waterfallViewer.clear("Pick a row to see its waterfall");
            waterfallSummary.setText("Pick a row");
        }
        FeatureImportance fi = importanceOf(report);
        if (fi == null) {
            importanceViewer.clear("No global importance for " + report.method());
        } else {
            importanceViewer.show(ExplainCharts.importance(fi, MAX_CHART_FEATURES));
        }
        chartTabs.getSelectionModel().select(importanceTab);
        String residual = report.maxAdditivityResidual() == null ? ""
                : String.format(Locale.ROOT, ", max residual %.1e", report.maxAdditivityResidual());
        tasks.status(report.method() + " done: " + (report.rows().isEmpty()
                ? "global importance of " + FeatureTable.modelFeatures(model).size() + " features"
                : report.rows().size() + " rows explained" + residual));
    }

    private FeatureImportance importanceOf(ExplanationReport report) {
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
        if (row == null) {
            return;
        }
        Waterfall w = Waterfall.of(row, MAX_WATERFALL_STEPS);
        waterfallViewer.show(ExplainCharts.waterfall(w, "Row " + row.row() + ": " + localReport.method()
                + (TribuoFunctions.isRegressor(model) ? " for output '" : " for class '") + localReport.explainedOutput() + "' (" + localReport.outputSpace() + ")"));
        waterfallSummary.setText(w.summary());
        chartTabs.getSelectionModel().select(waterfallTab);
    }

    private void clearResults() {
        localReport = null;
        shownReport = null;
        explainedRows = Map.of();
        rowItems.clear();
        importanceViewer.clear("Explain to see global importance");
        waterfallViewer.clear("Pick a row to see its waterfall");
        summaryViewer.clear("Explain with a local method to see the summary");
        waterfallSummary.setText("Pick a row");
    }

    private void updateExplainEnabled() {
        explain.setDisable(model == null || csv == null);
        signOff.setDisable(model == null);
        updateParameterState();
    }

    private void updateParameterState() {
        Kind k = method.getValue();
        samples.setDisable(k != Kind.KERNEL_SHAP && k != Kind.LIME);
        backgroundK.setDisable(k != Kind.KERNEL_SHAP && k != Kind.LINEAR_SHAP);
        repeats.setDisable(k != Kind.PERMUTATION);
        maxRows.setDisable(k == Kind.PERMUTATION || k == Kind.INTRINSIC);
    }

    // ---- sign-off

    /** Records the reviewer's decision on the explanation shown; validation problems are shown inline. */
    public void signOff() {
        if (model == null || shownReport == null) {
            signOffError("Run an explanation first: the sign-off records the view you reviewed");
            return;
        }
        ExplanationReview review;
        try {
            review = new ExplanationReview(modelRef, view(shownReport),
                    needsChanges.isSelected() ? ExplanationReview.Decision.NEEDS_CHANGES : ExplanationReview.Decision.APPROVED,
                    reviewer.getText() == null ? null : reviewer.getText().strip(), comment.getText(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        } catch (IllegalArgumentException e) {
            signOffError(capitalized(e.getMessage()));
            return;
        }
        try {
            reviews.add(review);
        } catch (IOException e) {
            signOffError("Could not save the sign-off: " + e.getMessage());
            return;
        }
        signOffMessage.setStyle("-fx-text-fill: #1b5e20;");
        signOffMessage.setText("Saved: " + review.decision() + " by " + review.reviewer());
        comment.clear();
        refreshSignOffs();
    }

    private Map<String, String> view(ExplanationReport report) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("method", report.method());
        view.put("explained_output", report.explainedOutput());
        view.put("output_space", report.outputSpace());
        view.put("rows", Integer.toString(report.rows().size()));
        view.put("dataset", csv == null ? "" : csv.getFileName().toString());
        report.parameters().forEach((k, v) -> view.put("param." + k, v));
        return view;
    }

    private void refreshSignOffs() {
        if (modelRef == null) {
            previousSignOffs.getItems().clear();
            return;
        }
        try {
            List<ExplanationReview> newestFirst = new ArrayList<>(reviews.reviews(modelRef));
            java.util.Collections.reverse(newestFirst);
            previousSignOffs.getItems().setAll(newestFirst.stream()
                    .map(r -> r.timestamp() + "\n" + r.decision() + " by " + r.reviewer() + " (" + r.view().get("method")
                            + ")" + (r.comment().isBlank() ? "" : ": " + r.comment()))
                    .toList());
        } catch (IOException e) {
            previousSignOffs.getItems().clear();
            signOffError(e.getMessage());
        }
    }

    private void signOffError(String text) {
        signOffMessage.setStyle("-fx-text-fill: #b00020;");
        signOffMessage.setText(text);
    }

    // ---- helpers

    private void showError(String text) {
        error.setText(text);
        error.setVisible(true);
    }

    private void hideError() {
        error.setText("");
        error.setVisible(false);
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- accessors for tests

    TableView<RowItem> rowTable() {
        return rowTable;
    }

    List<RowItem> allRowItems() {
        return rowItems;
    }

    ComboBox<Kind> method() {
        return method;
    }

    ComboBox<String> labelColumn() {
        return labelColumn;
    }

    Label waterfallSummary() {
        return waterfallSummary;
    }

    Label error() {
        return error;
    }

    Label signOffMessage() {
        return signOffMessage;
    }

    ListView<String> previousSignOffs() {
        return previousSignOffs;
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

    ExplanationReport shownReport() {
        return shownReport;
    }

    TabPane chartTabs() {
        return chartTabs;
    }

    Path csv() {
        return csv;
    }
}
