package dev.handoff.ui.explain;

import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.ui.style.Css;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The reviewer's sign-off of a result on screen: the explanation, or beside it the monotonicity verdict, the cohort
 * analysis or the picked row's counterfactuals ({@link Target}). Each is fed by the view that shows it, with the
 * {@link SignableResult} made in the job that computed it (never assembled from the view's current controls), and is
 * withdrawn (null) as soon as that view starts on another result or clears; the box shows exactly what the chosen one
 * is (model and data digests, method and parameters, rows, the result's digest) and records the decision in the
 * {@link ReviewStore}. With nothing to sign for the chosen target, Sign off is disabled.
 */
final class SignOffBox extends VBox {
    /** What can be signed. */
    enum Target {
        EXPLANATION("Explanation"), MONOTONICITY("Monotonicity verdict"), COHORTS("Cohort analysis"),
        COUNTERFACTUALS("Counterfactuals");

        private final String text;

        Target(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        String nothing() {
            return switch (this) {
                case EXPLANATION -> "Nothing to sign: run an explanation first";
                case MONOTONICITY -> "No monotonicity verdict to sign: explain a classifier locally with a reason-code"
                        + " table declaring monotone directions (Dependence tab)";
                case COHORTS -> "No cohort analysis to sign: explain a classifier on labelled rows (Cohorts tab)";
                case COUNTERFACTUALS -> "No counterfactuals to sign: pick a row and Find (Waterfall tab)";
            };
        }
    }

    private final ReviewStore reviews;
    private final ComboBox<Target> target = new ComboBox<>();
    private final Map<Target, SignableResult> offered = new EnumMap<>(Target.class);
    private final Label subjectText = new Label(Target.EXPLANATION.nothing());
    private final TextField reviewer = new TextField();
    private final RadioButton approve = new RadioButton("Approve");
    private final RadioButton needsChanges = new RadioButton("Needs changes");
    private final TextArea comment = new TextArea();
    private final Button signOff = new Button("Sign off");
    private final Label message = new Label();
    private final ListView<String> previous = new ListView<>();
    private String previousOf;

    SignOffBox(ReviewStore reviews) {
        super(6);
        this.reviews = reviews;
        target.setId("signOffTarget");
        target.getItems().setAll(Target.values());
        target.setValue(Target.EXPLANATION);
        target.setMaxWidth(Double.MAX_VALUE);
        target.valueProperty().addListener((o, a, b) -> refresh());
        subjectText.setId("signOffSubject");
        subjectText.setWrapText(true);
        subjectText.setMinHeight(Region.USE_PREF_SIZE);
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
        signOff.setDisable(true);
        message.setId("signOffMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        previous.setId("previousSignOffs");
        previous.setPlaceholder(new Label("No sign-offs yet"));
        previous.setCellFactory(l -> new ListCell<>() {
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
        title.getStyleClass().add(Css.SECTION_HEADER);
        VBox.setVgrow(previous, Priority.ALWAYS);
        // what is signed can be long (method, parameters, digests, reasons): it scrolls, so the form below it and
        // Sign off always stay in view, and every line stays readable
        ScrollPane subjectScroll = new ScrollPane(subjectText);
        subjectScroll.setId("signOffSubjectScroll");
        subjectScroll.setFitToWidth(true);
        subjectScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        subjectScroll.setPrefViewportHeight(200);
        subjectScroll.setMinViewportHeight(60);
        VBox.setVgrow(subjectScroll, Priority.SOMETIMES);
        getChildren().addAll(title, target, subjectScroll, reviewer, ModelDataChooser.row(approve, needsChanges), comment,
                signOff, message, new Label("Previous sign-offs of this model"), previous);
        setPadding(new Insets(6));
        setMinWidth(200);
    }

    /** The explanation Sign off records from now on: the subject of the report shown, or null when none is. */
    void review(ReviewSubject shown) {
        offer(Target.EXPLANATION, shown == null ? null : SignableResult.explanation(shown));
    }

    /**
     * What Sign off records for {@code what} from now on: the result shown, or null when none is (or while the view
     * computes the one that replaces it).
     */
    void offer(Target what, SignableResult shown) {
        if (shown == null) {
            offered.remove(what);
        } else {
            offered.put(what, shown);
        }
        if (what == target.getValue()) {
            refresh();
        }
    }

    /** Chooses what Sign off records (the Explain view follows its tabs). */
    void choose(Target what) {
        target.setValue(what);
    }

    /** What Sign off would record now, or null. */
    SignableResult current() {
        return offered.get(target.getValue());
    }

    private void refresh() {
        SignableResult shown = current();
        signOff.setDisable(shown == null);
        subjectText.setText(shown == null ? target.getValue().nothing() : describe(shown.subject()));
        message.setText("");
        Css.neutral(message);
    }

    /** Lists the sign-offs recorded for a model reference (null: none). */
    void showPrevious(String modelRef) {
        previousOf = modelRef;
        if (modelRef == null) {
            previous.getItems().clear();
            return;
        }
        try {
            List<ExplanationReview> newestFirst = new ArrayList<>(reviews.reviews(modelRef));
            Collections.reverse(newestFirst);
            previous.getItems().setAll(newestFirst.stream().map(SignOffBox::line).toList());
        } catch (IOException e) {
            previous.getItems().clear();
            failed(e.getMessage());
        }
    }

    /** Records the reviewer's decision on the subject shown; validation problems are shown inline. */
    void signOff() {
        SignableResult signed = current();
        if (signed == null) {
            failed(target.getValue().nothing());
            return;
        }
        ReviewSubject subject = signed.subject();
        ExplanationReview review;
        try {
            review = ExplanationReview.of(signed, needsChanges.isSelected() ? ExplanationReview.Decision.NEEDS_CHANGES
                    : ExplanationReview.Decision.APPROVED, reviewer.getText(), comment.getText(), Instant.now());
        } catch (IllegalArgumentException e) {
            failed(capitalized(e.getMessage()));
            return;
        }
        try {
            reviews.add(review);
        } catch (IOException e) {
            failed("Could not save the sign-off: " + e.getMessage());
            return;
        }
        Css.outcome(message, true);
        message.setText("Saved: " + review.decision() + " by " + review.reviewer() + " of " + review.method()
                + (subject.resultSha256() == null ? "" : " result sha256:" + subject.resultSha256().substring(0, 12))
                + ", model sha256:" + review.modelSha256().substring(0, 12));
        comment.clear();
        showPrevious(previousOf == null ? subject.modelRef() : previousOf);
    }

    private void failed(String text) {
        Css.outcome(message, false);
        message.setText(text);
    }

    static String describe(ReviewSubject s) {
        StringBuilder b = new StringBuilder("Signing ").append(s.method()).append(" for '").append(s.explainedOutput())
                .append('\'');
        if (s.resultSha256() != null) {
            b.append("\nresult sha256:").append(s.resultSha256(), 0, 16).append('…');
        }
        b.append("\nmodel ").append(s.modelRef().startsWith("sha256:") ? "file" : s.modelRef())
                .append("\n  sha256:").append(s.modelSha256(), 0, 16).append("…\ndata ").append(s.dataFile());
        if (s.dataSha256() != null) {
            b.append(" sha256:").append(s.dataSha256(), 0, 16).append('…');
        }
        if (!s.rows().isEmpty()) {
            b.append("\nrows ").append(s.rowsText());
        }
        s.parameters().forEach((k, v) -> b.append('\n').append(k).append(" = ").append(v));
        return b.toString();
    }

    private static String line(ExplanationReview r) {
        String digest = r.modelSha256() == null ? "no model digest" : "sha256:" + r.modelSha256().substring(0, 12);
        return r.timestamp() + "\n" + r.decision() + " by " + r.reviewer() + " (" + r.method() + ", " + digest + ")"
                + (r.comment().isBlank() ? "" : ": " + r.comment());
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- accessors for tests

    Label message() {
        return message;
    }

    ListView<String> previous() {
        return previous;
    }

    Label subjectText() {
        return subjectText;
    }

    ComboBox<Target> target() {
        return target;
    }

    Button signOffButton() {
        return signOff;
    }
}
