package dev.handoff.ui.model;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Differences only, tags compared, and deltas against a baseline run, over three and more runs. */
class CompareModelTest {
    private static Run run(String id, Map<String, String> params, Map<String, String> tags, double auc) {
        return new Run(new RunInfo(id, "run-" + id, "1", "u", RunStatus.FINISHED, 0, 10, "", LifecycleStage.ACTIVE),
                params, tags, Map.of("auc", new Metric("auc", auc, 0, 1)));
    }

    private static final List<Run> THREE = List.of(
            run("a", Map.of("lr", "0.1", "opt", "adam", "seed", "7"), Map.of("team", "risk", Tag.RUN_NAME, "a"), 0.8),
            run("b", Map.of("lr", "0.2", "opt", "adam", "seed", "7"), Map.of("team", "risk", Tag.RUN_NAME, "b"), 0.9),
            run("c", Map.of("lr", "0.05", "opt", "sgd", "seed", "7", "momentum", "0.9"),
                    Map.of("team", "fraud", Tag.RUN_NAME, "c"), 0.8));

    private static CompareModel.Row row(List<CompareModel.Row> rows, String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    @Test
    void differencesOnlyHidesParamsTagsAndMetricsEqualAcrossAllRuns() {
        List<CompareModel.Row> all = CompareModel.build(THREE, Map.of());
        assertEquals(List.of("lr", "momentum", "opt", "seed", "team (tag)", "auc (final)", "auc (best)"),
                all.stream().map(CompareModel.Row::label).toList(), "the run name tag is the column header, not a row");
        List<CompareModel.Row> diffs = CompareModel.differencesOnly(all);
        assertEquals(List.of("lr", "momentum", "opt", "team (tag)", "auc (final)"),
                diffs.stream().map(CompareModel.Row::label).toList(),
                "seed is equal in all three runs; best values are all missing without histories");
        assertEquals(List.of("", "", "0.9"), row(all, "momentum").values(), "one cell per run, empty where missing");
    }

    @Test
    void numbersGetAbsoluteAndRelativeDeltasStringsChangedOrSame() {
        List<CompareModel.Row> rows = CompareModel.build(THREE, Map.of());
        List<CompareModel.Delta> lr = row(rows, "lr").deltas(1);
        assertEquals(CompareModel.Delta.Kind.BASELINE, lr.get(1).kind());
        assertEquals("", lr.get(1).text());
        assertEquals(-0.1, lr.get(0).absolute(), 1e-12);
        assertEquals(-0.5, lr.get(0).relative(), 1e-12);
        assertEquals("-0.1 (-50.0%)", lr.get(0).text());
        assertEquals(-0.15, lr.get(2).absolute(), 1e-12);
        assertEquals("-0.15 (-75.0%)", lr.get(2).text());
        assertEquals(-1, lr.get(2).sign());

        List<CompareModel.Delta> opt = row(rows, "opt").deltas(0);
        assertEquals(List.of("", "same", "changed"), opt.stream().map(CompareModel.Delta::text).toList());
        assertFalse(opt.get(1).changed());
        assertTrue(opt.get(2).changed());

        List<CompareModel.Delta> momentum = row(rows, "momentum").deltas(0);
        assertEquals(List.of("", "same", "added"), momentum.stream().map(CompareModel.Delta::text).toList());
        assertEquals("missing", row(rows, "momentum").deltas(2).get(0).text());

        List<CompareModel.Delta> auc = row(rows, "auc (final)").deltas(0);
        assertEquals("+0.1 (+12.5%)", auc.get(1).text());
        assertEquals("same", auc.get(2).text(), "equal numbers are the same");
        assertFalse(auc.get(2).changed());
    }

    @Test
    void aZeroBaselineHasNoRelativeDelta() {
        CompareModel.Delta d = CompareModel.delta("0", "2.5");
        assertEquals(2.5, d.absolute(), 0);
        assertTrue(Double.isNaN(d.relative()));
        assertEquals("+2.5", d.text());
        assertEquals(CompareModel.Delta.Kind.CHANGED, CompareModel.delta("0.1", "adam").kind(),
                "a number against text is a change, not a difference");
    }
}
