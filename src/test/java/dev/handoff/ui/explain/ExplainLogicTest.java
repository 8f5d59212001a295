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
    void logOddsWaterfallsAndNotesSayTheScaleTheProbabilitiesAndWhereCoversCameFrom() {
        RowExplanation plain = row(0, -1.0, 0.5, 1.5);
        RowExplanation logOdds = new RowExplanation(0, "yes", "no", -1.0, 1.0, 0.0, plain.features(),
                dev.handoff.explain.ExplanationReport.sigmoid(-1.0), dev.handoff.explain.ExplanationReport.sigmoid(1.0),
                java.util.Map.of());
        Waterfall w = Waterfall.of(logOdds, 4);
        assertEquals("base -1.00 + Σφ 2.00 = 1.00 (model output 1.00, residual 0.0e+00);"
                + " log-odds: probability 0.269 at base → 0.731 at output", w.summary());
        assertTrue(!Waterfall.of(plain, 4).summary().contains("probability"));

        var linear = new dev.handoff.explain.ExplanationReport("m", "c", "LINEAR_SHAP", "yes",
                dev.handoff.explain.LinearShap.LOG_ODDS, java.util.Map.of("background", "k-means with k=20",
                "backgroundRows", "20"), List.of(logOdds), List.of(), 0.0);
        String notes = ExplainNotes.text(linear);
        assertTrue(notes.contains("log-odds of 'yes'") && notes.contains("twice Tribuo's two-class softmax logit")
                && notes.contains("1 / (1 + e^-log-odds)"), notes);
        var tree = new dev.handoff.explain.ExplanationReport("m", "c", "TREE_SHAP", "yes", "probability",
                java.util.Map.of("covers", "training data: data/train.csv", "coversRows", "2400"), List.of(plain),
                List.of(), 0.0);
        assertTrue(ExplainNotes.text(tree).contains("TreeSHAP covers: training data: data/train.csv, 2400 rows"),
                ExplainNotes.text(tree));
        var permutation = new dev.handoff.explain.ExplanationReport("m", "c", "PERMUTATION", "yes", "accuracy drop",
                java.util.Map.of(), List.of(), List.of(), null);
        assertTrue(ExplainNotes.text(permutation).contains("signed mean accuracy drop, largest first"),
                ExplainNotes.text(permutation));
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
