package dev.handoff.ui.explain;

import dev.handoff.bundle.review.ResultSubjects;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.Dependence;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Dependence tab: a feature chooser, the chosen feature's dependence plot ({@link Dependence}: value against
 * attribution over every explained row, coloured by its strongest interacting feature) and the verdicts of the
 * {@link MonotonicityCheck} of the reason-code table's declared directions, computed off the FX thread when an
 * explanation is shown. Rows that violate the chosen feature's direction are ringed in the plot. The verdict shown
 * is offered for sign-off ({@link SignOffBox.Target#MONOTONICITY}) with the explained rows, the reason-code table's
 * and the reference data's digests; a new explanation withdraws it before its own check starts.
 */
final class DependencePanel extends BorderPane {
    private final LatestTask job;
    private final ComboBox<String> feature = new ComboBox<>();
    private final Label interaction = new Label();
    private final ChartSlot chart = new ChartSlot("dependenceChart", "Explain with a local method to see dependence");
    private final Label status = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final ListView<MonotonicityCheck.FeatureResult> verdicts = new ListView<>();
    private ExplanationReport report;
    private MonotonicityCheck.Report check;
    private final java.util.function.Consumer<SignableResult> offer;

    /** A check's report and its sign-off subject, made in the same job. */
    private record Checked(MonotonicityCheck.Report report, SignableResult signable) {
    }

    /** @param offer receives the verdict shown for sign-off (null: none) */
    DependencePanel(TaskRunner tasks, java.util.function.Consumer<SignableResult> offer) {
        this.job = new LatestTask(tasks);
        this.offer = offer;
        feature.setId("dependenceFeature");
        feature.valueProperty().addListener((o, a, b) -> plot());
        interaction.setId("dependenceInteraction");
        Label choose = new Label("Feature");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(8, choose, feature, interaction);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(4, 8, 4, 8));
        setTop(top);
        SplitPane split = new SplitPane(chart, verdictBox());
        split.setDividerPositions(0.66);
        setCenter(split);
        clear();
    }

    private VBox verdictBox() {
        Label title = new Label("Monotonicity");
        title.getStyleClass().add(Css.SECTION_HEADER);
        status.setId("monotonicityStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(job.runningProperty());
        verdicts.setId("monotonicityList");
        verdicts.setPlaceholder(new Label("No declared monotone directions"));
        verdicts.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(l.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(MonotonicityCheck.FeatureResult item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(Css.MONOTONE_VIOLATED, Css.MONOTONE_HOLDS);
                setText(empty || item == null ? null : item.summary());
                if (!empty && item != null && item.verdict() != MonotonicityCheck.Verdict.NOT_CHECKED) {
                    getStyleClass().add(item.verdict() == MonotonicityCheck.Verdict.VIOLATED
                            ? Css.MONOTONE_VIOLATED : Css.MONOTONE_HOLDS);
                }
            }
        });
        verdicts.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && feature.getItems().contains(b.feature())) {
                feature.setValue(b.feature());
            }
        });
        VBox.setVgrow(verdicts, Priority.ALWAYS);
        HBox head = new HBox(6, title, progress);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, head, status, verdicts);
        box.setPadding(new Insets(6));
        return box;
    }

    /**
     * Shows a local explanation's dependence and starts its monotonicity check ({@code decisions} null: none);
     * {@code from} is the explanation shown, whose model and data the verdict's sign-off names.
     */
    void show(ExplanationReport local, DecisionInputs decisions, ExplainResult from) {
        job.cancel();
        offer.accept(null);
        report = local;
        check = null;
        verdicts.getItems().clear();
        List<String> features = DependenceChart.byImportance(local);
        feature.getItems().setAll(features);
        feature.setValue(features.isEmpty() ? null : features.get(0));
        plot();
        Css.neutral(status);
        boolean declared = decisions != null && decisions.table() != null && decisions.table().entries().values()
                .stream().anyMatch(e -> e.monotone() != null);
        if (!declared) {
            status.setText(decisions == null ? "The monotonicity check needs a classifier's local explanation"
                    : "No reason-code table declares monotone: directions; nothing to check");
            return;
        }
        status.setText("Checking the declared directions (ICE re-scoring)…");
        job.submit("Monotonicity check", p -> {
            MonotonicityCheck.Report result = MonotonicityCheck.ofClassifier(decisions.model(), local,
                    decisions.table(), decisions.adverseClass(), decisions.training().table(),
                    Thread.currentThread()::isInterrupted);
            return new Checked(result, from == null ? null : ResultSubjects.monotonicity(from.model(),
                    from.subject().dataFile(), from.subject().dataSha256(), local, decisions.training(), result));
        }, done -> {
            showCheck(done.report());
            offer.accept(done.signable());
        }, e -> {
                    Css.outcome(status, false);
                    status.setText("Check failed: " + ExplainPane.message(e));
                }, () -> status.setText("Cancelled"));
    }

    private void showCheck(MonotonicityCheck.Report result) {
        check = result;
        verdicts.getItems().setAll(result.features());
        Css.outcome(status, result.holds());
        status.setText(result.holds() ? "Every declared direction holds on " + report.rows().size() + " rows"
                + (result.ice() ? " (each row re-scored over the feature's observed grid)" : "")
                : "Violated: " + String.join(", ", result.violated()) + " — checklist line HW.2");
        plot();
    }

    private void plot() {
        String name = feature.getValue();
        if (report == null || name == null) {
            return;
        }
        Dependence d = Dependence.of(report, name);
        MonotonicityCheck.FeatureResult r = check == null ? null : check.forFeature(name);
        Set<Integer> violating = r == null ? Set.of() : new HashSet<>(r.violatingRows());
        interaction.setText(d.interaction() == null ? "no interacting feature"
                : "coloured by " + d.interaction() + " (strongest interaction)");
        chart.show(DependenceChart.of(d, r == null ? null : r.declared(), violating,
                report.outputSpace() + ", " + report.explainedOutput()));
    }

    /** Shows nothing. */
    void clear() {
        job.cancel();
        offer.accept(null);
        report = null;
        check = null;
        feature.getItems().clear();
        verdicts.getItems().clear();
        interaction.setText("");
        status.setText("Explain with a local method to check monotonicity");
        Css.neutral(status);
        chart.clear("Explain with a local method to see dependence");
    }

    // ---- accessors for tests

    ComboBox<String> featureChooser() {
        return feature;
    }

    ListView<MonotonicityCheck.FeatureResult> verdicts() {
        return verdicts;
    }

    Label status() {
        return status;
    }

    MonotonicityCheck.Report shownCheck() {
        return check;
    }

    ChartSlot chart() {
        return chart;
    }

    boolean isRunning() {
        return job.isRunning();
    }
}
