package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.ui.model.CompareModel;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison table's columns: the field, then one column per compared run (any number of them; the table
 * scrolls sideways). With a baseline, every other run's cell shows its difference from the baseline's under the
 * value: absolute and relative for numbers, "changed" for text.
 */
final class CompareColumns {
    static final double RUN_WIDTH = 150;

    private CompareColumns() {
    }

    /** @param baseline index of the baseline run in {@code runs}, or -1 for none */
    static List<TableColumn<CompareModel.Row, ?>> build(List<Run> runs, int baseline) {
        List<TableColumn<CompareModel.Row, ?>> out = new ArrayList<>();
        TableColumn<CompareModel.Row, String> field = new TableColumn<>("Field");
        field.setId("compare-field");
        field.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().label()));
        field.setPrefWidth(180);
        out.add(field);
        for (int i = 0; i < runs.size(); i++) {
            int idx = i;
            Run run = runs.get(i);
            TableColumn<CompareModel.Row, CompareModel.Row> c = new TableColumn<>(
                    i == baseline ? run.displayName() + " (baseline)" : run.displayName());
            c.setId("compare-run-" + run.id());
            c.setCellValueFactory(p -> new ReadOnlyObjectWrapper<>(p.getValue()));
            c.setCellFactory(col -> new RunCell(idx, baseline));
            c.setPrefWidth(RUN_WIDTH);
            c.setSortable(false);
            if (i == baseline) {
                c.getStyleClass().add("baseline-column");
            }
            out.add(c);
        }
        return out;
    }

    /** One run's value of a row, with its delta against the baseline below it. */
    private static final class RunCell extends TableCell<CompareModel.Row, CompareModel.Row> {
        private final int index;
        private final int baseline;
        private final Label delta = new Label();

        RunCell(int index, int baseline) {
            this.index = index;
            this.baseline = baseline;
            delta.getStyleClass().add("delta");
            setContentDisplay(ContentDisplay.BOTTOM);
        }

        @Override
        protected void updateItem(CompareModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("baseline-cell");
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(row.values().get(index));
            if (baseline < 0) {
                setGraphic(null);
                return;
            }
            if (index == baseline) {
                getStyleClass().add("baseline-cell");
                setGraphic(null);
                return;
            }
            CompareModel.Delta d = row.deltas(baseline).get(index);
            delta.getStyleClass().removeAll("delta-up", "delta-down", "delta-changed");
            delta.getStyleClass().add(d.sign() > 0 ? "delta-up" : d.sign() < 0 ? "delta-down" : "delta-changed");
            delta.setText(d.changed() ? "Δ " + d.text() : "");
            setGraphic(d.changed() ? delta : null);
        }
    }
}
