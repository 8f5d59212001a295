package dev.handoff.ui.explain;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortData;
import dev.handoff.bundle.cohorts.CohortStats;
import dev.handoff.bundle.cohorts.ErrorTree;
import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ResultSubjects;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.FeatureTable;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Explain view's Cohorts tab: cohort error analysis ({@link CohortAnalysis}) of the explained model on the
 * explained CSV — the worst cohorts of an error tree and the reviewer's own cohorts (a filter such as
 * {@code income < 30 and group = 'B'}), in a table with 95% intervals, and the error tree itself. Text columns of
 * the CSV with few values (such as a sensitive group) are offered to filters and to the tree. Runs off the FX thread
 * as latest-only work with progress and Cancel; a new explanation cancels it. The analysis shown is offered for
 * sign-off ({@link SignOffBox.Target#COHORTS}) with the filters, tree settings and data digest it was computed with;
 * while a new analysis runs nothing is offered, and a superseded analysis's late result is dropped, never offered.
 */
final class CohortsPanel extends VBox {
    /** A CSV text column with at most this many values is a group cohorts can be cut by. */
    static final int MAX_GROUP_VALUES = 20;

    private final LatestTask job;
    private final TextField filter = new TextField();
    private final Button add = new Button("Add cohort");
    private final Button remove = new Button("Remove");
    private final Button analyse = new Button("Analyse");
    private final Button cancel = new Button("Cancel");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label status = new Label();
    private final CohortTable table = new CohortTable();
    private final CohortTreeView tree = new CohortTreeView();
    private final List<String> defined = new ArrayList<>();
    private final java.util.function.Consumer<SignableResult> offer;
    private Source source;
    private CohortAnalysis shown;
    private SignableResult shownSignable;

    /** What cohorts are cut from: the explained model and its labelled CSV. */
    record Source(ModelArtifact model, Path csv, String labelColumn) {
    }

    /** A finished analysis and its sign-off subject, made in the same job. */
    private record Analysed(CohortAnalysis analysis, SignableResult signable) {
    }

    /** @param offer receives the analysis shown for sign-off (null: none, or a new one is being computed) */
    CohortsPanel(TaskRunner tasks, java.util.function.Consumer<SignableResult> offer) {
        super(4);
        this.offer = offer;
        this.job = new LatestTask(tasks);
        getStyleClass().add("cohorts-panel");
        Label title = new Label("Cohort error analysis");
        title.getStyleClass().add(Css.SECTION_HEADER);
        filter.setId("cohortFilter");
        filter.setPromptText("Define a cohort, e.g. income < 30 and group = 'B'  ⏎");
        filter.setOnAction(e -> addCohort());
        HBox.setHgrow(filter, Priority.ALWAYS);
        add.setId("addCohort");
        add.setOnAction(e -> addCohort());
        remove.setId("removeCohort");
        remove.setOnAction(e -> removeCohort());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        analyse.setId("analyseCohorts");
        analyse.setOnAction(e -> analyse(defined, null));
        cancel.setId("cancelCohorts");
        cancel.setOnAction(e -> cancel());
        cancel.disableProperty().bind(job.runningProperty().not());
        progress.setId("cohortProgress");
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(job.runningProperty());
        status.setId("cohortStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        for (Button b : List.of(add, remove, analyse, cancel)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox controls = new HBox(6, filter, add, remove, analyse, cancel, progress);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        SplitPane split = new SplitPane(table, tree);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(title, controls, status, split);
        setPadding(new Insets(6));
        clear();
    }

    /** Analyses the explained model on its CSV (cancels an analysis of an earlier one). */
    void use(ModelArtifact model, Path csv, String labelColumn) {
        job.cancel();
        source = model != null && csv != null && labelColumn != null && model.model().validate(org.tribuo.classification.Label.class)
                ? new Source(model, csv, labelColumn) : null;
        shown = null;
        offered(null);
        table.show(null);
        tree.show(null);
        if (source == null) {
            status.setText("Explain a classifier on labelled rows to analyse cohorts");
            Css.neutral(status);
        } else {
            analyse(defined, null);
        }
        updateButtons();
    }

    /** Shows nothing and forgets the explanation (the reviewer's cohorts are kept for the next one). */
    void clear() {
        use(null, null, null);
    }

    private void updateButtons() {
        add.setDisable(source == null);
        analyse.setDisable(source == null);
        filter.setDisable(source == null);
    }

    private void addCohort() {
        String text = filter.getText() == null ? "" : filter.getText().strip();
        if (source == null || text.isEmpty()) {
            return;
        }
        List<String> with = new ArrayList<>(defined);
        with.add(text);
        analyse(with, text);
    }

    private void removeCohort() {
        CohortTable.Row row = table.getSelectionModel().getSelectedItem();
        if (row != null && row.kind() == CohortTable.Kind.DEFINED && defined.remove(row.stats().filter())) {
            analyse(defined, null);
        }
    }

    /**
     * Runs the analysis with {@code filters}; {@code added} (null: none) is kept as a defined cohort when it parses,
     * else the error names its column and the field keeps the text to fix.
     */
    private void analyse(List<String> filters, String added) {
        Source s = source;
        if (s == null) {
            return;
        }
        List<String> cohorts = List.copyOf(filters);
        status.setText("Analysing cohorts…");
        Css.neutral(status);
        filter.getStyleClass().remove("error");
        offer.accept(null); // what is shown is about to be replaced: it is no longer what a sign-off would name
        job.submit("Cohort error analysis", p -> {
            Cancellation cancelled = Thread.currentThread()::isInterrupted;
            p.message("Scoring " + s.csv().getFileName());
            String dataSha = Digests.sha256Hex(s.csv());
            CohortData data = data(s);
            p.message("Growing the error tree");
            CohortAnalysis analysis = CohortAnalysis.run(data, cohorts, CohortAnalysis.DEFAULT_DEPTH,
                    CohortAnalysis.defaultMinLeaf(data.size()), cancelled);
            return new Analysed(analysis, ResultSubjects.cohorts(s.model(), s.csv().getFileName().toString(), dataSha,
                    s.labelColumn(), cohorts, List.copyOf(data.categorical().keySet()), analysis));
        }, done -> {
            if (added != null) {
                defined.add(added);
                filter.clear();
            }
            show(done.analysis());
            offered(done.signable());
        }, e -> {
            offered(shownSignable); // a refused filter leaves the shown analysis as it was
            Css.outcome(status, false);
            status.setText((added == null ? "Cohort analysis failed: " : "Cohort '" + added + "': ")
                    + ExplainPane.message(e));
            if (added != null) {
                Css.add(filter, "error");
            }
        }, () -> {
            offered(shownSignable);
            status.setText("Cancelled");
        });
    }

    private void cancel() {
        job.cancel();
        offered(shownSignable);
        status.setText("Cancelled");
    }

    private void offered(SignableResult signable) {
        shownSignable = signable;
        offer.accept(signable);
    }

    private void show(CohortAnalysis analysis) {
        shown = analysis;
        table.show(analysis);
        tree.show(analysis);
        Css.neutral(status);
        status.setText(String.format(java.util.Locale.ROOT,
                "%d rows, error rate %s; %d cohort%s above it (error tree depth ≤ %d, leaves ≥ %d rows); "
                        + "in red: error interval above the overall one",
                analysis.overall().n(), CohortAnalysis.interval(analysis.overall().errorRate().value(),
                        analysis.overall().errorRate().lower(), analysis.overall().errorRate().upper()),
                analysis.worst().size(), analysis.worst().size() == 1 ? "" : "s", analysis.maxDepth(),
                analysis.minLeaf()));
    }

    /** Scores the CSV's rows; its text columns with few values (not the label, not a feature) become groups. */
    @SuppressWarnings("unchecked")
    static CohortData data(Source s) throws IOException {
        Model<org.tribuo.classification.Label> model = (Model<org.tribuo.classification.Label>) s.model().model();
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable table = FeatureTable.fromCsv(s.csv(), s.labelColumn(), features).alignTo(features);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String column : DatasetChoice.header(s.csv())) {
            if (column.equals(s.labelColumn()) || features.contains(column)) {
                continue;
            }
            List<String> values = FeatureTable.readColumn(s.csv(), column);
            Set<String> distinct = new HashSet<>(values);
            if (distinct.size() <= MAX_GROUP_VALUES && !values.stream().allMatch(CohortsPanel::numeric)) {
                groups.put(column, values);
            }
        }
        return CohortData.score(model, table, groups, ExplanationService.defaultLabel(model));
    }

    private static boolean numeric(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return v.isEmpty();
        }
    }

    // ---- accessors for tests

    CohortAnalysis shown() {
        return shown;
    }

    CohortTable table() {
        return table;
    }

    CohortTreeView tree() {
        return tree;
    }

    Label status() {
        return status;
    }

    TextField filter() {
        return filter;
    }

    boolean isRunning() {
        return job.isRunning();
    }

    /** Whether the cohort's error-rate interval lies above the overall one. */
    static boolean worse(CohortStats c, CohortStats overall) {
        return c.errorRate().lower() > overall.errorRate().upper();
    }
}
