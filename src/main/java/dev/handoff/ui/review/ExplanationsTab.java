package dev.handoff.ui.review;

import dev.handoff.bundle.BundleContents;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;

import java.util.List;
import java.util.Locale;

import static dev.handoff.ui.review.Controls.column;

/** The Explanations tab: each explanation file of the bundle with its method, rows, additivity residual and sign-offs. */
final class ExplanationsTab {
    private final TableView<BundleContents.ExplanationSummary> table = new TableView<>();
    private final Tab tab;

    ExplanationsTab() {
        table.setId("explanationsTable");
        table.getColumns().add(column("File", BundleContents.ExplanationSummary::file));
        table.getColumns().add(column("Method", BundleContents.ExplanationSummary::method));
        table.getColumns().add(column("Rows", e -> Integer.toString(e.rows())));
        table.getColumns().add(column("Max additivity residual",
                e -> e.maxResidual() == null ? "" : String.format(Locale.ROOT, "%.3g", e.maxResidual())));
        table.getColumns().add(column("Top global features / sign-offs", BundleContents.ExplanationSummary::details));
        double[] widths = {140, 120, 60, 170};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
            table.getColumns().get(i).setMaxWidth(widths[i] * 1.5);
        }
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tab = new Tab("Explanations", table);
    }

    Tab tab() {
        return tab;
    }

    void show(List<BundleContents.ExplanationSummary> explanations) {
        table.getItems().setAll(explanations);
    }
}
