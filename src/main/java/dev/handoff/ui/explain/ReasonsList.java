package dev.handoff.ui.explain;

import dev.handoff.explain.PrincipalReasons;
import dev.handoff.ui.style.Css;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The principal reasons of the picked row, beside its waterfall: each reason's text and code from the reason-code
 * table, the applicant's value and its direction; an unmapped feature is shown as a warning, never with a made-up
 * text. Fed the {@link PrincipalReasons.Report} of the shown result, the one its sign-off names.
 */
final class ReasonsList extends VBox {
    private final Label source = new Label();
    private final Label decision = new Label("Pick a row");
    private final ListView<PrincipalReasons.Reason> list = new ListView<>();
    private PrincipalReasons.Report report;

    ReasonsList() {
        super(4);
        getStyleClass().add("reasons-list");
        Label title = new Label("Principal reasons");
        title.getStyleClass().add(Css.SECTION_HEADER);
        source.setId("reasonsSource");
        source.setWrapText(true);
        source.setMinHeight(Region.USE_PREF_SIZE);
        decision.setId("reasonsDecision");
        decision.setWrapText(true);
        decision.setMinHeight(Region.USE_PREF_SIZE);
        list.setId("reasonsList");
        list.setPlaceholder(new Label("No reasons for this row"));
        list.setPrefHeight(260);
        list.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(l.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(PrincipalReasons.Reason item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove(Css.REASON_UNMAPPED);
                setText(empty || item == null ? null : text(item));
                if (!empty && item != null && !item.mapped()) {
                    getStyleClass().add(Css.REASON_UNMAPPED);
                }
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, source, decision, list);
        setPadding(new Insets(6));
        clear();
    }

    /** Shows the reasons of {@code report} (null: none apply, {@code note} says why). */
    void show(PrincipalReasons.Report shown, String note) {
        report = shown;
        list.getItems().clear();
        decision.setText("Pick a row");
        Css.neutral(source);
        if (shown == null) {
            source.setText(note == null ? "No principal reasons for this explanation" : note);
            return;
        }
        if (shown.reasonCodes() == null) {
            Css.outcome(source, false);
            source.setText("Adverse class '" + shown.adverseClass() + "'. No reason-code table found: reasons have no"
                    + " texts (add reason-codes.yml beside mlruns/)");
        } else {
            source.setText("Adverse class '" + shown.adverseClass() + "', up to " + shown.maxReasons() + "; "
                    + java.nio.file.Path.of(shown.reasonCodes()).getFileName() + " sha256:"
                    + shown.reasonCodesSha256().substring(0, 12) + "…");
        }
    }

    /** Shows the picked row's reasons. */
    void showRow(int row, String predicted) {
        list.getItems().clear();
        if (report == null) {
            return;
        }
        PrincipalReasons.RowReasons rr = report.forRow(row);
        if (rr == null) {
            decision.setText("Row " + row + ": predicted '" + predicted + "', not an adverse decision");
            return;
        }
        decision.setText(String.format(Locale.ROOT, "Row %d: adverse decision '%s' (score %.3f)", row,
                rr.predicted(), rr.score()) + (rr.reasons().size() < report.maxReasons() && !rr.warnings().isEmpty()
                && rr.warnings().get(rr.warnings().size() - 1).startsWith("Only")
                ? "\n" + rr.warnings().get(rr.warnings().size() - 1) : ""));
        list.getItems().setAll(rr.reasons());
    }

    void clear() {
        report = null;
        list.getItems().clear();
        source.setText("Explain with a local method to see principal reasons");
        Css.neutral(source);
        decision.setText("Pick a row");
    }

    static String text(PrincipalReasons.Reason r) {
        String head = r.mapped() ? r.rank() + ". " + r.reason() + " (" + r.code() + ")"
                : r.rank() + ". ⚠ No reason text: '" + r.feature() + "' has no entry in the reason-code table";
        return head + "\n" + r.feature() + " = " + CounterfactualPanel.number(r.value()) + " (" + r.direction()
                + (r.trainingMean() == null ? "" : ", typical " + CounterfactualPanel.number(r.trainingMean()))
                + String.format(Locale.ROOT, "), +%.3f", r.contribution());
    }

    // ---- accessors for tests

    ListView<PrincipalReasons.Reason> list() {
        return list;
    }

    Label decision() {
        return decision;
    }

    Label source() {
        return source;
    }
}
