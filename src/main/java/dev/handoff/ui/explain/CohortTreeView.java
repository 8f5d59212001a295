package dev.handoff.ui.explain;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortStats;
import dev.handoff.bundle.cohorts.ErrorTree;
import dev.handoff.ui.style.Css;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The error tree of one analysis, fully expanded: each node is the condition that leads to it from its parent, with
 * its rows and error rate; the worst cohorts' leaves say so, and those whose error-rate interval lies above the overall one are marked
 * ({@link Css#WORSE_COHORT}), as in the table.
 */
final class CohortTreeView extends TreeView<CohortTreeView.Item> {
    /** A node as shown: the condition from its parent (null for the root) and whether it is a worst cohort. */
    record Item(ErrorTree.Node node, String condition, boolean worst, boolean worse) {
        String text() {
            return (condition == null ? "All rows" : condition) + String.format(Locale.ROOT,
                    "   n=%d, errors %d (%.1f%%)%s", node.n(), node.errors(), 100 * node.errorRate(),
                    node.leaf() && worst ? "  ◀ worst cohort" : "");
        }
    }

    CohortTreeView() {
        setId("cohortTree");
        setShowRoot(true);
        setCellFactory(t -> new TreeCell<>() {
            @Override
            protected void updateItem(Item item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.text());
                pseudoClassStateChanged(Css.WORSE_COHORT, !empty && item != null && item.worse());
            }
        });
    }

    /** Shows an analysis' tree (null: nothing). */
    void show(CohortAnalysis analysis) {
        if (analysis == null) {
            setRoot(null);
            return;
        }
        Set<String> worst = analysis.worst().stream().map(CohortStats::filter).collect(Collectors.toSet());
        Set<String> worse = analysis.worst().stream().filter(c -> CohortsPanel.worse(c, analysis.overall()))
                .map(CohortStats::filter).collect(Collectors.toSet());
        setRoot(item(analysis.tree(), null, worst, worse));
    }

    private static TreeItem<Item> item(ErrorTree.Node node, String condition, Set<String> worst, Set<String> worse) {
        boolean leaf = node.leaf();
        TreeItem<Item> item = new TreeItem<>(new Item(node, condition, leaf && worst.contains(node.filter()),
                leaf && worse.contains(node.filter())));
        item.setExpanded(true);
        if (!node.leaf()) {
            item.getChildren().add(item(node.left(), node.split(), worst, worse));
            item.getChildren().add(item(node.right(), negate(node.split()), worst, worse));
        }
        return item;
    }

    /** {@code x < t} → {@code x >= t}, {@code g = 'B'} → {@code g != 'B'}. */
    static String negate(String split) {
        int lt = split.lastIndexOf(" < ");
        if (lt >= 0 && !split.substring(lt).contains("'")) {
            return split.substring(0, lt) + " >= " + split.substring(lt + 3);
        }
        int eq = split.indexOf(" = ");
        return eq < 0 ? "not (" + split + ")" : split.substring(0, eq) + " != " + split.substring(eq + 3);
    }
}
