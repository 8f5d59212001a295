package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport.FeatureAttribution;
import dev.handoff.explain.ExplanationReport.RowExplanation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explain view's plain logic: waterfall steps, beeswarm lanes and dataset defaults. */
class ExplainLogicTest {

    private static RowExplanation row(int index, double base, double... phi) {
        List<FeatureAttribution> f = new java.util.ArrayList<>();
        double sum = 0;
        for (int i = 0; i < phi.length; i++) {
            f.add(new FeatureAttribution("f" + i, i * 10, phi[i]));
            sum += phi[i];
        }
        return new RowExplanation(index, "yes", "no", base, base + sum, 0.0, f);
    }

    @Test
    void waterfallSortsByMagnitudeChainsStepsAndFoldsTheTail() {
        Waterfall w = Waterfall.of(row(0, 0.3, 0.05, -0.4, 0.2, 0.01, -0.02), 4);
        assertEquals(List.of("f1 = 10.00", "f2 = 20.00", "f0 = 0.00", "2 other features"),
                w.steps().stream().map(Waterfall.Step::label).toList());
        double running = 0.3;
        for (Waterfall.Step s : w.steps()) {
            assertEquals(running, s.start(), 1e-12);
            running = s.end();
        }
        assertEquals(w.output(), running, 1e-12);
        assertEquals(-0.01, w.steps().get(3).attribution(), 1e-12);
        assertEquals("base 0.30 + Σφ -0.16 = 0.14 (model output 0.14, residual 0.0e+00)", w.summary());
    }

    @Test
    void summaryPlotPutsTheMostImportantFeatureOnTopAndScalesValues() {
        SummaryPlot p = SummaryPlot.of(List.of(row(0, 0, 0.1, -0.9), row(1, 0, -0.2, 0.8)), 10, 7);
        assertEquals(List.of("f0", "f1"), p.features());
        assertEquals(4, p.points().size());
        for (SummaryPlot.Dot d : p.points()) {
            assertTrue(Math.abs(d.y() - d.lane()) <= SummaryPlot.JITTER);
        }
        // both rows have the same value per feature: the colour sits in the middle
        assertTrue(p.points().stream().allMatch(d -> d.valueScaled() == 0.5));
        assertEquals(List.of("f1"), SummaryPlot.of(List.of(row(0, 0, 0.1, -0.9)), 1, 7).features());
    }

    @Test
    void projectTestCsvAndLabelColumnDefaults(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("credit-risk"));
        Path mlruns = Files.createDirectories(project.resolve("mlruns"));
        assertEquals(Optional.empty(), DatasetChoice.projectTestCsv(mlruns));
        Path csv = Files.writeString(Files.createDirectories(project.resolve("data")).resolve("test.csv"),
                "\uFEFFage,\"income\",label,default\n1,2,a,yes\n");
        assertEquals(Optional.of(csv), DatasetChoice.projectTestCsv(mlruns));
        assertEquals(Optional.of(csv), DatasetChoice.projectTestCsv(project));
        assertEquals(Optional.of(csv), DatasetChoice.projectTestCsv(project.resolve("mlflow.db")));
        List<String> header = DatasetChoice.header(csv);
        assertEquals(List.of("age", "income", "label", "default"), header);
        assertEquals("default", DatasetChoice.guessLabelColumn(header));
        assertEquals("label", DatasetChoice.guessLabelColumn(List.of("x", "label")));
        assertEquals("y", DatasetChoice.guessLabelColumn(List.of("x", "y")));
    }
}
