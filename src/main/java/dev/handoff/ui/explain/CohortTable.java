package dev.handoff.ui.explain;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortStats;
import dev.handoff.bundle.fairness.Interval;
import dev.handoff.ui.style.Css;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The cohorts of one analysis, one row each: all rows, the error tree's worst cohorts, the reviewer's cohorts; rows
 * whose error-rate interval lies above the overall one are marked ({@link Css#WORSE_COHORT}).
 */
final class CohortTable extends TableView<CohortTable.Row> {
    enum Kind {
        OVERALL("all"), WORST("worst"), DEFINED("defined");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /** One row: what kind of cohort, its numbers, and whether it is worse than overall. */
    record Row(Kind kind, CohortStats stats, boolean worse) {
    }

    CohortTable() {
        setId("cohortTable");
        getColumns().add(column("Kind", 62, r -> r.kind().text));
        TableColumn<Row, String> cohort = column("Cohort", 300, r -> r.kind() == Kind.OVERALL ? "all rows"
                : r.stats().filter());
        getColumns().add(cohort);
        getColumns().add(column("n", 48, r -> Long.toString(r.stats().n())));
        getColumns().add(column("Error rate", 140, r -> interval(r.stats().errorRate())));
        getColumns().add(column("Accuracy", 140, r -> interval(r.stats().stats().accuracy())));
        getColumns().add(column("AUC", 140, r -> compact(r.stats().auc().value(), r.stats().auc().lower(),
                r.stats().auc().upper())));
        getColumns().add(column("TPR", 140, r -> interval(r.stats().stats().truePositiveRate())));
        getColumns().add(column("FPR", 140, r -> interval(r.stats().stats().falsePositiveRate())));
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        setPlaceholder(new Label("Explain a classifier to see its cohorts"));
        setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(Css.WORSE_COHORT, !empty && item != null && item.worse());
                setTooltip(empty || item == null ? null : new Tooltip(text(item)));
            }
        });
    }

    private static TableColumn<Row, String> column(String name, double width, Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** Shows an analysis (null: nothing). */
    void show(CohortAnalysis analysis) {
        List<Row> rows = new ArrayList<>();
        if (analysis != null) {
            CohortStats overall = analysis.overall();
            rows.add(new Row(Kind.OVERALL, overall, false));
            analysis.worst().forEach(c -> rows.add(new Row(Kind.WORST, c, CohortsPanel.worse(c, overall))));
            analysis.defined().forEach(c -> rows.add(new Row(Kind.DEFINED, c, CohortsPanel.worse(c, overall))));
        }
        getItems().setAll(rows);
    }

    static String interval(Interval i) {
        return compact(i.value(), i.lower(), i.upper());
    }

    /** {@code 0.750 [0.65, 0.84]}: the 95% interval to two places, so six numbers fit beside the cohort. */
    static String compact(double v, double lo, double hi) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f [%.2f, %.2f]", v, lo, hi);
    }

    /** The row's numbers as text (for tests and tooltips). */
    static String text(Row r) {
        return String.format(Locale.ROOT, "%s %s:%n%s", r.kind().text,
                r.kind() == Kind.OVERALL ? "all rows" : r.stats().filter(),
                CohortAnalysis.line(r.stats()));
    }
}
