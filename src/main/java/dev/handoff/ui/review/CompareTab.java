package dev.handoff.ui.review;

import dev.handoff.bundle.BundleContents;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

import java.nio.file.Path;

import static dev.handoff.ui.review.Controls.column;

/**
 * The Compare tab: the differences between the open bundle and another one, section by section. Reading the other
 * bundle runs latest-only: comparing again, or opening another bundle, drops a comparison still running.
 */
final class CompareTab {
    private static final String HINT = "Compare with another bundle… to see differences";
    private final LatestTask comparison;
    private final TableView<BundleContents.DiffRow> diff = new TableView<>();
    private final Label label = new Label(HINT);
    private final Tab tab;
    private BundleContents mine;

    CompareTab(TaskRunner tasks) {
        comparison = new LatestTask(tasks);
        diff.setId("diffTable");
        diff.getColumns().add(column("Section", BundleContents.DiffRow::section));
        diff.getColumns().add(column("Key", BundleContents.DiffRow::key));
        diff.getColumns().add(column("This bundle", BundleContents.DiffRow::left));
        diff.getColumns().add(column("Other bundle", BundleContents.DiffRow::right));
        diff.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        diff.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(BundleContents.DiffRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("diff-row", Css.DIFFERS);
                if (!empty && item != null && item.differs()) {
                    getStyleClass().addAll("diff-row", Css.DIFFERS);
                }
            }
        });
        label.setId("compareLabel");
        BorderPane pane = new BorderPane(diff);
        pane.setTop(label);
        BorderPane.setMargin(label, new Insets(6));
        tab = new Tab("Compare", pane);
    }

    Tab tab() {
        return tab;
    }

    /** Makes {@code contents} the left side; clears the last comparison and drops one still running. */
    void show(BundleContents contents) {
        comparison.cancel();
        mine = contents;
        diff.getItems().clear();
        label.setText(HINT);
    }

    /** Reads {@code other} in the background and shows its differences to the open bundle. */
    void compareWith(Path other) {
        tab.getTabPane().getSelectionModel().select(tab);
        if (mine == null) {
            label.setText("Open a bundle first.");
            return;
        }
        BundleContents left = mine;
        label.setText("Reading " + other + "…");
        comparison.submit("Comparing with " + other.getFileName(), p -> BundleContents.read(other), theirs -> {
            diff.getItems().setAll(BundleContents.compare(left, theirs));
            long n = diff.getItems().stream().filter(BundleContents.DiffRow::differs).count();
            label.setText(left.name() + " vs " + theirs.name() + " (" + other + "): " + n + " differing rows");
        }, e -> label.setText("Could not open " + other + ": " + e.getMessage()));
    }

    TableView<BundleContents.DiffRow> table() {
        return diff;
    }
}
