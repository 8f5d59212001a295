package dev.handoff.ui.review;

import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ChecklistSection;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.ui.style.Css;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import static dev.handoff.ui.review.Controls.nullToEmpty;
import static dev.handoff.ui.review.Controls.treeColumn;

/**
 * The Checklist tab: the bundle's governance checklist by section, a form to sign the selected line off, and saving
 * the signed checklist as YAML elsewhere (the bundle itself is never modified).
 */
final class ChecklistTab {
    private final Clock clock;
    private final TreeTableView<Object> tree = new TreeTableView<>();
    private final ChoiceBox<LineStatus> status = new ChoiceBox<>();
    private final TextField reviewer = new TextField();
    private final TextField evidence = new TextField();
    private final TextField comment = new TextField();
    private final Label message = new Label();
    private final Tab tab;
    private Checklist checklist;

    ChecklistTab(Clock clock) {
        this.clock = clock;
        configureTree();
        status.setId("signStatus");
        status.getItems().setAll(LineStatus.values());
        status.setValue(LineStatus.DONE);
        reviewer.setId("signReviewer");
        reviewer.setPromptText("reviewer");
        evidence.setId("signEvidence");
        evidence.setPromptText("evidence link (URL or path)");
        comment.setId("signComment");
        comment.setPromptText("comment");
        Button sign = new Button("Sign off selected line");
        sign.setId("signButton");
        sign.setOnAction(e -> signSelected());
        Button save = new Button("Save signed checklist as…");
        save.setId("saveChecklist");
        save.setOnAction(e -> chooseAndSave());
        message.setId("checklistMessage");
        message.setWrapText(true);
        HBox form = new HBox(6, status, reviewer, evidence, comment, sign);
        HBox.setHgrow(evidence, Priority.ALWAYS);
        HBox.setHgrow(comment, Priority.ALWAYS);
        VBox bottom = new VBox(6, form, new HBox(8, save, message));
        bottom.setPadding(new Insets(8));
        BorderPane pane = new BorderPane(tree);
        pane.setBottom(bottom);
        tab = new Tab("Checklist", pane);
    }

    private void configureTree() {
        tree.setId("checklistTree");
        tree.setShowRoot(false);
        tree.getColumns().add(treeColumn("Item", 300, o -> o instanceof ChecklistSection s ? s.title()
                : ((ChecklistLine) o).lineId() + " — " + nullToEmpty(((ChecklistLine) o).lineSummary())));
        tree.getColumns().add(treeColumn("Required", 70, o -> o instanceof ChecklistLine l ? (l.required() ? "yes" : "no") : ""));
        tree.getColumns().add(treeColumn("Status", 100, o -> o instanceof ChecklistLine l ? l.status().yaml()
                : outstanding((ChecklistSection) o)));
        tree.getColumns().add(treeColumn("Reviewer", 110, o -> o instanceof ChecklistLine l ? l.reviewer() : ""));
        tree.getColumns().add(treeColumn("Timestamp", 170, o -> o instanceof ChecklistLine l ? l.timestamp() : ""));
        tree.getColumns().add(treeColumn("Evidence", 150, o -> o instanceof ChecklistLine l ? l.evidence() : ""));
        tree.getColumns().add(treeColumn("Comment", 200, o -> o instanceof ChecklistLine l ? l.comment() : ""));
        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(Css.OUTSTANDING, !empty && item instanceof ChecklistLine l && l.required()
                        && l.status().isOutstanding());
            }
        });
    }

    Tab tab() {
        return tab;
    }

    /** Shows {@code c}, or says the bundle has none when it is null; discards any unsaved signing of the last one. */
    void show(Checklist c) {
        checklist = c;
        message.setText(c == null ? "This bundle has no checklist." : "");
        refresh();
    }

    private static String outstanding(ChecklistSection s) {
        long n = s.lines().stream().filter(l -> l.required() && l.status().isOutstanding()).count();
        return n == 0 ? "complete" : n + " outstanding";
    }

    private void refresh() {
        TreeItem<Object> root = new TreeItem<>();
        if (checklist != null) {
            for (ChecklistSection s : checklist.sections()) {
                TreeItem<Object> section = new TreeItem<>(s);
                section.setExpanded(true);
                s.lines().forEach(l -> section.getChildren().add(new TreeItem<>(l)));
                root.getChildren().add(section);
            }
        }
        tree.setRoot(root);
    }

    /** Signs the selected line with the form's status, reviewer, evidence and comment. */
    void signSelected() {
        TreeItem<Object> selected = tree.getSelectionModel().getSelectedItem();
        if (checklist == null || selected == null || !(selected.getValue() instanceof ChecklistLine line)) {
            message.setText("Select a checklist line first.");
            return;
        }
        try {
            checklist = checklist.sign(line.lineId(), status.getValue(), reviewer.getText().trim(),
                    blankToNull(evidence.getText()), blankToNull(comment.getText()), clock);
        } catch (IllegalArgumentException e) {
            message.setText(e.getMessage());
            return;
        }
        int index = tree.getSelectionModel().getSelectedIndex();
        refresh();
        tree.getSelectionModel().select(index);
        long open = checklist.outstandingRequired().size();
        message.setText("Signed " + line.lineId() + " as " + status.getValue().yaml() + "; "
                + (open == 0 ? "no required lines outstanding" : open + " required lines outstanding")
                + ". The bundle is unchanged: save the signed checklist separately.");
    }

    private void chooseAndSave() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save signed checklist");
        chooser.setInitialFileName("checklist.yml");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yml", "*.yaml"));
        File f = chooser.showSaveDialog(Controls.window(tree));
        if (f != null) {
            save(f.toPath());
        }
    }

    /** Writes the (signed) checklist as YAML to {@code file} atomically; never into the bundle. */
    void save(Path file) {
        if (checklist == null) {
            message.setText("This bundle has no checklist.");
            return;
        }
        try {
            ChecklistIo.save(checklist, file);
            message.setText("Saved " + file);
        } catch (IOException e) {
            message.setText("Could not save " + file + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    Checklist checklist() {
        return checklist;
    }

    TreeTableView<Object> tree() {
        return tree;
    }

    String message() {
        return message.getText();
    }

    TextField reviewer() {
        return reviewer;
    }

    TextField evidence() {
        return evidence;
    }

    ChoiceBox<LineStatus> status() {
        return status;
    }
}
