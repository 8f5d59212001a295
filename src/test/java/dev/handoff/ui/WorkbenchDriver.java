package dev.handoff.ui;

import dev.handoff.runs.Run;
import javafx.scene.control.TreeItem;
import org.jfree.chart.JFreeChart;

import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;

/** Drives a {@link Workbench} in TestFX tests: open the in-memory sample, select runs, read a chart. */
final class WorkbenchDriver {
    private WorkbenchDriver() {
    }

    /** Opens {@link InMemoryRunSource#sample()} and waits for its 8 runs. */
    static InMemoryRunSource openSample(Workbench workbench) throws Exception {
        InMemoryRunSource sample = InMemoryRunSource.sample();
        fx(() -> {
            workbench.openSource(sample);
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 8);
        return sample;
    }

    static void selectRuns(Workbench workbench, String... ids) throws Exception {
        fx(() -> {
            var table = workbench.runsPane().table();
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getExpandedItemCount(); i++) {
                TreeItem<Run> item = table.getTreeItem(i);
                if (List.of(ids).contains(item.getValue().id())) {
                    table.getSelectionModel().select(i);
                }
            }
            return null;
        });
    }

    /** The chart drawn for {@code key}, or null. */
    static JFreeChart chart(Workbench workbench, String key) throws Exception {
        return fx(() -> workbench.chartsPane().chart(key));
    }
}
