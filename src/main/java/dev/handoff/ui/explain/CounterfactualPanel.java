package dev.handoff.ui.explain;

import dev.handoff.bundle.review.ResultSubjects;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

/**
 * Counterfactuals of the picked row: Find searches ({@link Counterfactuals}) off the FX thread as latest-only work
 * (picking another row or another explanation cancels it and drops its late result), with a progress indicator and
 * Cancel here and in the status bar. Every listed counterfactual was re-scored by the model; immutable features of
 * the reason-code table are never changed. The counterfactuals listed are offered for sign-off
 * ({@link SignOffBox.Target#COUNTERFACTUALS}) with the row, the search settings, the training data's and the
 * reason-code table's digests; picking another row, another explanation or a new search withdraws them first.
 */
final class CounterfactualPanel extends VBox {
    private final LatestTask job;
    private final Label target = new Label("Pick a row");
    private final Spinner<Integer> count = new Spinner<>(1, 10, 3, 1);
    private final Button find = new Button("Find");
    private final Button cancel = new Button("Cancel");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label status = new Label();
    private final ListView<String> results = new ListView<>();
    private final java.util.function.Consumer<SignableResult> offer;
    private DecisionInputs inputs;
    private ExplainResult origin;
    private int row = -1;

    /** A search's result and its sign-off subject, made in the same job. */
    private record Found(Counterfactuals.Result result, SignableResult signable) {
    }

    /** @param offer receives the counterfactuals listed for sign-off (null: none) */
    CounterfactualPanel(TaskRunner tasks, java.util.function.Consumer<SignableResult> offer) {
        super(4);
        this.offer = offer;
        this.job = new LatestTask(tasks);
        getStyleClass().add("counterfactual-panel");
        Label title = new Label("Counterfactuals");
        title.getStyleClass().add(Css.SECTION_HEADER);
        target.setId("counterfactualTarget");
        target.setWrapText(true);
        target.setMinHeight(Region.USE_PREF_SIZE);
        count.setId("counterfactualCount");
        count.setPrefWidth(70);
        find.setId("findCounterfactuals");
        find.setOnAction(e -> find());
        cancel.setId("cancelCounterfactuals");
        cancel.setOnAction(e -> cancel());
        progress.setId("counterfactualProgress");
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(job.runningProperty());
        cancel.disableProperty().bind(job.runningProperty().not());
        status.setId("counterfactualStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        results.setId("counterfactualList");
        results.setPlaceholder(new Label("Find to list counterfactuals"));
        results.setCellFactory(l -> new ListCell<>() {
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
        VBox.setVgrow(results, Priority.ALWAYS);
        find.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        Label howMany = new Label("Up to");
        howMany.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(title, target, ModelDataChooser.row(howMany, count, find, cancel, progress), status,
                results);
        setPadding(new Insets(6));
        clear();
    }

    /** The explanation whose rows can be searched ({@code shown} null: none), computed as {@code from}. */
    void use(DecisionInputs shown, ExplainResult from) {
        job.cancel();
        offer.accept(null);
        inputs = shown;
        origin = from;
        row = -1;
        results.getItems().clear();
        status.setText("");
        target.setText(shown == null ? "Explain a classifier with a local method to search counterfactuals"
                : "Pick a row");
        updateFind();
    }

    /** The picked row (cancels a running search for another row). */
    void select(int dataRow, String predicted) {
        job.cancel();
        offer.accept(null);
        row = dataRow;
        results.getItems().clear();
        status.setText("");
        Css.neutral(status);
        if (inputs != null) {
            target.setText("Row " + dataRow + " (predicted '" + predicted + "'): changes to "
                    + String.join(", ", actionable()) + (inputs.table() == null ? ""
                    : "; never " + String.join(", ", inputs.table().immutableFeatures())));
        }
        updateFind();
    }

    void clear() {
        use(null, null);
    }

    private List<String> actionable() {
        return new Counterfactuals(inputs.model(), inputs.adverseClass(), inputs.training(), inputs.table(),
                Counterfactuals.Options.DEFAULTS).actionableFeatures();
    }

    private void updateFind() {
        find.setDisable(inputs == null || row < 0);
    }

    /** Searches the picked row's counterfactuals in the background. */
    void find() {
        if (inputs == null || row < 0) {
            return;
        }
        DecisionInputs in = inputs;
        ExplainResult from = origin;
        int r = row;
        Counterfactuals.Options options = Counterfactuals.Options.DEFAULTS.withCount(count.getValue());
        double[] x = in.data().row(r);
        status.setText("Searching…");
        Css.neutral(status);
        results.getItems().clear();
        offer.accept(null);
        job.submit("Counterfactuals for row " + r, p -> {
            Cancellation cancelled = Thread.currentThread()::isInterrupted;
            Counterfactuals.Result result = new Counterfactuals(in.model(), in.adverseClass(), in.training(),
                    in.table(), options).search(r, x, (done, total, message) -> {
                        p.progress(done, total);
                        p.message(message);
                    }, cancelled);
            return new Found(result, from == null ? null : ResultSubjects.counterfactuals(from.model(),
                    from.subject().dataFile(), from.subject().dataSha256(), options, in.training(), in.table(),
                    result));
        }, found -> {
            show(found.result());
            offer.accept(found.signable());
        }, e -> {
            Css.outcome(status, false);
            status.setText("Search failed: " + ExplainPane.message(e));
        }, () -> status.setText("Cancelled"));
    }

    private void cancel() {
        job.cancel();
        status.setText("Cancelled");
    }

    private void show(Counterfactuals.Result result) {
        results.getItems().setAll(result.counterfactuals().stream().map(c -> text(c, result.adverseClass())).toList());
        boolean found = !result.counterfactuals().isEmpty();
        Css.outcome(status, found);
        status.setText(found ? result.counterfactuals().size() + " found, each verified by re-scoring the model"
                + "; values seen in " + shortSource(result.search().get("training"))
                : String.join("; ", result.warnings()));
    }

    static String text(Counterfactuals.Counterfactual c, String adverse) {
        StringBuilder b = new StringBuilder();
        for (Counterfactuals.Change ch : c.changes()) {
            b.append(b.length() == 0 ? "" : "\n").append(ch.feature()).append(": ").append(number(ch.from()))
                    .append(" → ").append(number(ch.to()));
        }
        return b + String.format(Locale.ROOT, "\n⇒ '%s', P(%s) %.3f, distance %.2f%s", c.newPrediction(), adverse,
                c.newScore(), c.distance(), c.verified() ? ", verified" : ", NOT verified");
    }

    /** A data source without its parenthesised details. */
    private static String shortSource(String source) {
        int paren = source == null ? -1 : source.indexOf(" (");
        return source == null ? "?" : paren > 0 ? source.substring(0, paren) : source;
    }

    static String number(double v) {
        return Double.isNaN(v) ? "missing"
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    // ---- accessors for tests

    ListView<String> results() {
        return results;
    }

    Label status() {
        return status;
    }

    Button findButton() {
        return find;
    }

    boolean isRunning() {
        return job.isRunning();
    }
}
