package dev.handoff.explain.sweep;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic sweeps whose metric depends on one param only: that param ranks first, the others score near 0. */
class ParamImportanceTest {
    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};

    private static Run run(int i, Map<String, String> params, double metric) {
        return new Run(new RunInfo("r" + i, "run-" + i, "1", "u", RunStatus.FINISHED, 0, 10, "", LifecycleStage.ACTIVE),
                params, Map.of(), Map.of("val_auc", new Metric("val_auc", metric, 0, 1)));
    }

    /** 40 runs with independent random lr, depth, optimizer and a constant seed; the metric is {@code f(params)}. */
    private static List<Run> sweep(Function<Map<String, String>, Double> f) {
        Random rnd = new Random(3);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, String> p = Map.of(
                    "lr", Double.toString(0.001 + 0.3 * rnd.nextDouble()),
                    "max_depth", Integer.toString(2 + rnd.nextInt(8)),
                    "optimizer", OPTIMIZERS[rnd.nextInt(3)],
                    "seed", "42");
            runs.add(run(i, p, f.apply(p)));
        }
        return runs;
    }

    @Test
    void theOnlyParamTheMetricDependsOnRanksFirstWithAPositiveCorrelation() {
        ParamImportance.Result r = ParamImportance.compute(
                sweep(p -> 0.6 + Double.parseDouble(p.get("lr"))), "val_auc");
        assertEquals(40, r.runs());
        assertEquals(List.of("lr", "max_depth", "optimizer"), r.entries().stream().map(ParamImportance.Entry::param)
                .sorted().toList(), "the constant seed is not scored");
        assertEquals("lr", r.entries().get(0).param(), r.entries().toString());
        ParamImportance.Entry lr = r.entry("lr");
        assertTrue(lr.importance() > 0.5, "shuffling lr destroys the fit: " + lr);
        assertEquals(1.0, lr.correlation(), 1e-9, "the metric is linear in lr");
        for (String other : List.of("max_depth", "optimizer")) {
            assertTrue(Math.abs(r.entry(other).importance()) < 0.05, other + " explains nothing: " + r.entries());
        }
        assertTrue(r.entry("optimizer").categorical());
        assertTrue(Double.isNaN(r.entry("optimizer").correlation()), "no sign for ordinal codes");
        assertTrue(r.fit() > 0.9, "the forest fits the sweep: R² " + r.fit());
    }

    @Test
    void aMetricFallingWithAParamHasANegativeCorrelation() {
        ParamImportance.Result r = ParamImportance.compute(
                sweep(p -> 0.9 - 0.05 * Integer.parseInt(p.get("max_depth"))), "val_auc");
        assertEquals("max_depth", r.entries().get(0).param(), r.entries().toString());
        assertEquals(-1.0, r.entry("max_depth").correlation(), 1e-9);
        assertTrue(Math.abs(r.entry("lr").importance()) < 0.05, r.entries().toString());
    }

    @Test
    void aCategoricalParamIsRankedByItsEncoding() {
        ParamImportance.Result r = ParamImportance.compute(sweep(p -> switch (p.get("optimizer")) {
            case "adam" -> 0.9;
            case "sgd" -> 0.7;
            default -> 0.8;
        }), "val_auc");
        assertEquals("optimizer", r.entries().get(0).param(), r.entries().toString());
        assertTrue(r.entry("optimizer").importance() > 0.5, r.entries().toString());
    }

    @Test
    void aNumberMissingInSomeRunsStaysNumericWithItsCorrelationOverTheRunsThatHaveIt() {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // depth only for the tree runs (every other run); the metric rises with it, the others sit lower
            Map<String, String> p = i % 2 == 0 ? Map.of("max_depth", Integer.toString(2 + i), "model", "cart")
                    : Map.of("model", "sgd");
            runs.add(run(i, p, i % 2 == 0 ? 0.7 + 0.01 * i : 0.6));
        }
        ParamImportance.Result r = ParamImportance.compute(runs, "val_auc");
        ParamImportance.Entry depth = r.entry("max_depth");
        assertTrue(!depth.categorical(), depth.toString());
        assertEquals(1.0, depth.correlation(), 1e-9, "over the six runs with a depth");
        assertEquals("max_depth", r.entries().get(0).param(), r.entries().toString());
    }

    @Test
    void sameRunsSameResult() {
        List<Run> runs = sweep(p -> Math.sin(10 * Double.parseDouble(p.get("lr"))));
        assertEquals(ParamImportance.compute(runs, "val_auc"), ParamImportance.compute(runs, "val_auc"),
                "seeded forest and shuffles");
    }

    @Test
    void tooFewRunsOrNothingVaryingIsAClearMessage() {
        List<Run> two = List.of(run(0, Map.of("lr", "0.1"), 0.8), run(1, Map.of("lr", "0.2"), 0.9),
                new Run(new RunInfo("r2", "no-metric", "1", "u", RunStatus.FINISHED, 0, 1, "", LifecycleStage.ACTIVE),
                        Map.of("lr", "0.3"), Map.of(), Map.of()));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> ParamImportance.compute(two, "val_auc"));
        assertEquals("Parameter importance needs at least 3 runs with metric 'val_auc'; 2 of the 3 run(s) have it",
                few.getMessage());
        List<Run> same = List.of(run(0, Map.of("lr", "0.1"), 0.8), run(1, Map.of("lr", "0.1"), 0.9),
                run(2, Map.of("lr", "0.1"), 0.7));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ParamImportance.compute(same, "val_auc"));
        assertTrue(none.getMessage().startsWith("No parameter varies across the 3 runs"), none.getMessage());
    }
}
