package dev.handoff.ui.explain;

import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/** A chart viewer that shows a hint instead while it has no chart. */
final class ChartSlot extends StackPane {
    private final ChartViewer viewer = new ChartViewer(null);
    private final Label hint = new Label();

    ChartSlot(String id, String emptyHint) {
        setId(id);
        hint.getStyleClass().add("chart-hint");
        getChildren().addAll(viewer, hint);
        clear(emptyHint);
    }

    void show(JFreeChart chart) {
        viewer.setChart(chart);
        viewer.setVisible(true);
        hint.setVisible(false);
    }

    void clear(String emptyHint) {
        viewer.setVisible(false);
        hint.setText(emptyHint);
        hint.setVisible(true);
    }

    /** The chart shown, or null. */
    JFreeChart chart() {
        return viewer.isVisible() ? viewer.getChart() : null;
    }
}
