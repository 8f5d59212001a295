package dev.handoff.ui.explain;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.TribuoFunctions;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.tribuo.Model;
import org.tribuo.Prediction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The "Explain" view: choose a classifier or a regressor and a labelled CSV ({@link ModelDataChooser}), a method and
 * its parameters ({@link ExplainSettings}), explain in the background, read the results ({@link ExplainResults}) and
 * sign them off ({@link SignOffBox}, kept in a {@link ReviewStore}).
 *
 * <p>Explanations are latest-only work ({@link LatestTask}): choosing another model or data while one runs cancels
 * it and its late result is dropped, and a new model clears the results, so what is shown, and what a sign-off
 * records, is always computed from the model named beside it. The method settings are disabled while a model loads
 * or an explanation runs.
 */
public final class ExplainPane extends BorderPane {
    /** Where a run keeps its Tribuo model. */
    public static final String RUN_MODEL_ARTIFACT = ModelDataChooser.RUN_MODEL_ARTIFACT;

    private final TaskRunner tasks;
    private final LatestTask job;
    private final ModelDataChooser chooser;
    private final ExplainSettings settings = new ExplainSettings(this::explain);
    private final ExplainResults results;
    private final Supplier<RunSource> source;
    private final SignOffBox signOffBox;
    private final Label error = new Label();

    /**
     * @param tasks       background runner (progress and Cancel in the status bar)
     * @param source      the opened store, or null
     * @param selectedRun the run selected in the runs table, or null
     * @param reviews     where sign-offs are kept
     */
    public ExplainPane(TaskRunner tasks, Supplier<RunSource> source, Supplier<Run> selectedRun, ReviewStore reviews) {
        this.tasks = tasks;
        this.source = source;
        this.signOffBox = new SignOffBox(reviews);
        this.results = new ExplainResults(tasks, this::offerSignOff);
        this.job = new LatestTask(tasks);
        this.chooser = new ModelDataChooser(tasks, source, selectedRun, this::showError, job::cancel,
                this::dataChanged);
        getStyleClass().add("explain-pane");
        error.setId("explainError");
        error.setWrapText(true);
        error.getStyleClass().add(Css.ERROR_TEXT);
        error.managedProperty().bind(error.visibleProperty());
        error.setVisible(false);
        VBox top = new VBox(6, chooser, settings, error);
        top.setPadding(new Insets(6, 8, 6, 8));
        setTop(top);
        SplitPane split = new SplitPane(results, signOffBox);
        split.setDividerPositions(0.78);
        setCenter(split);
        settings.disableProperty().bind(job.runningProperty().or(chooser.loadingProperty()));
        chooser.modelProperty().addListener((o, a, b) -> modelChanged(b));
        // the sign-off follows the tab: what the reviewer looks at is what they sign
        results.chartTabs().getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            SignOffBox.Target target = b == null ? null : switch (b.getText()) {
                case "Dependence" -> SignOffBox.Target.MONOTONICITY;
                case "Cohorts" -> SignOffBox.Target.COHORTS;
                case "Importance", "Summary" -> SignOffBox.Target.EXPLANATION;
                default -> null;
            };
            if (target != null) {
                signOffBox.choose(target);
            }
        });
        updateExplainEnabled();
    }

    /** A result a tab shows (or withdraws: null) for sign-off; counterfactuals just found are chosen to sign. */
    private void offerSignOff(SignOffBox.Target target, dev.handoff.bundle.review.SignableResult shown) {
        signOffBox.offer(target, shown);
        if (target == SignOffBox.Target.COUNTERFACTUALS && shown != null) {
            signOffBox.choose(target);
        }
    }

    // ---- model and data

    /** Loads the selected run's {@value #RUN_MODEL_ARTIFACT} in the background (cancelling a running explanation). */
    public void useSelectedRunModel() {
        chooser.useSelectedRunModel();
    }

    /** Loads a Tribuo model file in the background; its reference for sign-offs is the file's SHA-256. */
    public void openModelFile(Path file) {
        chooser.openModelFile(file);
    }

    /** Uses a CSV as the dataset; its header fills the label column chooser. */
    public void openCsv(Path file) {
        chooser.openCsv(file);
    }

    /** Preselects the project's {@code data/test.csv} next to the opened store, unless a CSV was chosen by hand. */
    public void setStoreLocation(String location) {
        chooser.setStoreLocation(location);
    }

    private void modelChanged(ModelArtifact model) {
        settings.configure(model.model());
        results.clear();
        signOffBox.review(null);
        signOffBox.showPrevious(model.ref());
        hideError();
        updateExplainEnabled();
    }

    private void dataChanged() {
        results.clear();
        signOffBox.review(null);
        hideError();
        updateExplainEnabled();
    }

    // ---- explaining

    /** Runs the chosen method in the background (progress and Cancel in the status bar). */
    public void explain() {
        ModelArtifact model = chooser.model();
        Path csv = chooser.csv();
        if (model == null || csv == null) {
            showError("Choose a model and a CSV first");
            return;
        }
        ExplainSettings.Choice choice;
        try {
            choice = settings.choice();
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
            return;
        }
        String labelColumn = chooser.labelColumn().getValue();
        dev.handoff.bundle.model.TrainingData.Found training = chooser.trainingData();
        List<Path> reasonDirs = reasonCodeDirs(csv);
        hideError();
        job.submit("Explaining with " + choice.kind(), p -> {
            Cancellation cancel = Thread.currentThread()::isInterrupted;
            String dataSha = Digests.sha256Hex(csv);
            List<String> features = FeatureTable.modelFeatures(model.model());
            FeatureTable table = FeatureTable.fromCsv(csv, labelColumn, features);
            ExplanationService.Request request = choice.request(table.numRows());
            dev.handoff.explain.ReferenceData reference = training != null
                    ? dev.handoff.bundle.model.TrainingData.read(training, features)
                    : dev.handoff.explain.ReferenceData.explainedData(table, csv.getFileName().toString(), dataSha);
            if (ExplanationService.needsCovers(model.model(), request.kind())) {
                // CART covers from the run's training data, so a row's explanation does not change with the CSV
                request = request.withCovers(reference);
            }
            ExplanationReport report = ExplanationService.run(model.model(), table, request,
                    (done, total, message) -> {
                        p.progress(done, total);
                        p.message(message);
                    }, cancel);
            DecisionInputs decisions = DecisionInputs.of(model.model(), report, table.alignTo(features), reference,
                    reasonDirs);
            // a sign-off of an explanation with reasons names the reason-code table it showed
            ReviewSubject subject = ReviewSubject.of(model, csv.getFileName().toString(), dataSha, report)
                    .withReasons(decisions == null ? null : decisions.reasons());
            return new ExplainResult(model, subject, report, rowItems(model.model(), table, report), decisions);
        }, r -> {
            show(r);
            results.cohorts().use(model, csv, labelColumn);
        }, e -> showError(message(e)));
    }

    /** Where a reason-code table is looked up: the project of the open store, the CSV's folder and its parent. */
    private List<Path> reasonCodeDirs(Path csv) {
        RunSource open = source.get();
        Path project = open == null ? null : dev.handoff.bundle.RunBundleExport.projectDir(open);
        Path dir = csv.toAbsolutePath().getParent();
        return java.util.Arrays.asList(project, dir, dir == null ? null : dir.getParent());
    }

    private void show(ExplainResult result) {
        results.show(result);
        signOffBox.review(result.subject());
        ExplanationReport report = result.report();
        String residual = report.maxAdditivityResidual() == null ? ""
                : String.format(Locale.ROOT, ", max residual %.1e", report.maxAdditivityResidual());
        tasks.status(report.method() + " done: " + (report.rows().isEmpty()
                ? "global importance of " + FeatureTable.modelFeatures(result.model().model()).size() + " features"
                : report.rows().size() + " rows explained" + residual));
    }

    @SuppressWarnings("unchecked")
    private static List<RowItem> rowItems(Model<?> anyModel, FeatureTable table, ExplanationReport report) {
        if (report.rows().isEmpty()) {
            return List.of();
        }
        List<RowItem> items = new ArrayList<>();
        if (TribuoFunctions.isRegressor(anyModel)) {
            // predicted values as numbers; no probability, and "misclassified" does not apply
            for (ExplanationReport.RowExplanation r : report.rows()) {
                items.add(RowItem.numeric(r.row(), String.format(Locale.ROOT, "%.4g", r.modelOutput()), r.actual()));
            }
            return items;
        }
        Model<org.tribuo.classification.Label> m = (Model<org.tribuo.classification.Label>) anyModel;
        double[][] x = report.rows().stream().map(r -> table.row(r.row())).toArray(double[][]::new);
        List<Prediction<org.tribuo.classification.Label>> predictions =
                m.predict(TribuoFunctions.examples(table.featureNames(), x));
        for (int i = 0; i < x.length; i++) {
            ExplanationReport.RowExplanation r = report.rows().get(i);
            org.tribuo.classification.Label scored = predictions.get(i).getOutputScores().get(report.explainedOutput());
            double p = m.generatesProbabilities() && scored != null ? scored.getScore() : Double.NaN;
            items.add(new RowItem(r.row(), r.predicted(), p, r.actual()));
        }
        return items;
    }

    private void updateExplainEnabled() {
        settings.explainButton().setDisable(chooser.model() == null || chooser.csv() == null);
    }

    /** Records the reviewer's decision on the explanation shown. */
    public void signOff() {
        signOffBox.signOff();
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

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    // ---- accessors for tests

    TableView<RowItem> rowTable() {
        return results.rowTable();
    }

    List<RowItem> allRowItems() {
        return results.allRowItems();
    }

    ComboBox<Kind> method() {
        return settings.method();
    }

    ComboBox<String> explainedClass() {
        return settings.explainedClass();
    }

    ComboBox<String> labelColumn() {
        return chooser.labelColumn();
    }

    Label waterfallSummary() {
        return results.waterfallSummary();
    }

    Label error() {
        return error;
    }

    Label signOffMessage() {
        return signOffBox.message();
    }

    Label signOffSubject() {
        return signOffBox.subjectText();
    }

    ListView<String> previousSignOffs() {
        return signOffBox.previous();
    }

    SignOffBox signOffBox() {
        return signOffBox;
    }

    ChartSlot importanceViewer() {
        return results.importanceViewer();
    }

    ChartSlot summaryViewer() {
        return results.summaryViewer();
    }

    ChartSlot waterfallViewer() {
        return results.waterfallViewer();
    }

    ExplanationReport shownReport() {
        ExplainResult shown = results.shown();
        return shown == null ? null : shown.report();
    }

    ExplainResult shown() {
        return results.shown();
    }

    ModelArtifact model() {
        return chooser.model();
    }

    TabPane chartTabs() {
        return results.chartTabs();
    }

    Path csv() {
        return chooser.csv();
    }

    ExplainSettings settings() {
        return settings;
    }

    ReasonsList reasons() {
        return results.reasons();
    }

    CounterfactualPanel counterfactuals() {
        return results.counterfactuals();
    }

    boolean isBusy() {
        return job.isRunning() || chooser.loadingProperty().get();
    }

    CohortsPanel cohorts() {
        return results.cohorts();
    }

    DependencePanel dependence() {
        return results.dependence();
    }
}
