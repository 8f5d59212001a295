package dev.handoff.ui.explain;

import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.ui.style.Css;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
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
import java.util.List;

/**
 * The reviewer's sign-off of the explanation on screen. It is fed the {@link ReviewSubject} of the report it signs
 * (never assembled from the view's current controls), shows exactly what that is (model and data digests, method and
 * parameters, rows), and records the decision in the {@link ReviewStore}. With nothing to sign, Sign off is disabled.
 */
final class SignOffBox extends VBox {
    private final ReviewStore reviews;
    private final Label subjectText = new Label("Nothing to sign: run an explanation first");
    private final TextField reviewer = new TextField();
    private final RadioButton approve = new RadioButton("Approve");
    private final RadioButton needsChanges = new RadioButton("Needs changes");
    private final TextArea comment = new TextArea();
    private final Button signOff = new Button("Sign off");
    private final Label message = new Label();
    private final ListView<String> previous = new ListView<>();
    private ReviewSubject subject;
    private String previousOf;

    SignOffBox(ReviewStore reviews) {
        super(6);
        this.reviews = reviews;
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
        getChildren().addAll(title, subjectScroll, reviewer, ModelDataChooser.row(approve, needsChanges), comment,
                signOff, message, new Label("Previous sign-offs of this model"), previous);
        setPadding(new Insets(6));
        setMinWidth(200);
    }

    /** What Sign off would record from now on: the subject of the report shown, or null when none is. */
    void review(ReviewSubject shown) {
        subject = shown;
        signOff.setDisable(shown == null);
        subjectText.setText(shown == null ? "Nothing to sign: run an explanation first" : describe(shown));
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
        if (subject == null) {
            failed("Run an explanation first: the sign-off records the explanation you reviewed");
            return;
        }
        ExplanationReview review;
        try {
            review = ExplanationReview.of(subject, needsChanges.isSelected() ? ExplanationReview.Decision.NEEDS_CHANGES
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
        message.setText("Saved: " + review.decision() + " by " + review.reviewer() + " of model sha256:"
                + review.modelSha256().substring(0, 12));
        comment.clear();
        showPrevious(previousOf == null ? subject.modelRef() : previousOf);
    }

    private void failed(String text) {
        Css.outcome(message, false);
        message.setText(text);
    }

    static String describe(ReviewSubject s) {
        StringBuilder b = new StringBuilder("Signing ").append(s.method()).append(" for '").append(s.explainedOutput())
                .append("'\nmodel ").append(s.modelRef().startsWith("sha256:") ? "file" : s.modelRef())
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
}
