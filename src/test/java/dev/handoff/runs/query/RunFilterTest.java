package dev.handoff.runs.query;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunFilterTest {
    static Run run(String id, String name, RunStatus status, long start, Map<String, String> params,
                   Map<String, String> tags, Map<String, Double> metrics) {
        Map<String, Metric> m = new java.util.HashMap<>();
        metrics.forEach((k, v) -> m.put(k, new Metric(k, v, start, 0)));
        return new Run(new RunInfo(id, name, "1", "ana", status, start, start + 1000, "file:///a", LifecycleStage.ACTIVE),
                params, tags, m);
    }

    final Run cart = run("a1", "cart-depth-3", RunStatus.FINISHED, 100, Map.of("model", "cart", "max_depth", "3"),
            Map.of("team", "Risk", "model class", "tree"), Map.of("rmse", 0.8, "val/auc", 0.7));
    final Run xgb = run("b2", "xgb-eta-0.3", RunStatus.FAILED, 200, Map.of("model", "xgboost", "eta", "0.3"),
            Map.of("team", "risk"), Map.of("rmse", 1.2, "val/auc", Double.NaN));

    List<String> matching(String filter) {
        RunFilter f = RunFilter.parse(filter);
        return java.util.stream.Stream.of(cart, xgb).filter(f).map(Run::id).toList();
    }

    @Test
    void blankMatchesEverything() {
        assertEquals(List.of("a1", "b2"), matching(""));
        assertEquals(List.of("a1", "b2"), matching("   "));
    }

    @Test
    void numericMetricComparisons() {
        assertEquals(List.of("a1"), matching("metrics.rmse < 1"));
        assertEquals(List.of("b2"), matching("metric.rmse >= 1.2"));
        assertEquals(List.of("a1"), matching("metrics.rmse != 1.2"));
        assertEquals(List.of("a1"), matching("metrics.`val/auc` > 0.5"), "NaN never compares true");
        assertEquals(List.of(), matching("metrics.missing < 100"), "a run without the metric never matches");
    }

    @Test
    void stringParamsAndTagsWithQuotesLikeAndIn() {
        assertEquals(List.of("b2"), matching("params.model = 'xgboost'"));
        assertEquals(List.of("b2"), matching("params.model = \"xgboost\""));
        assertEquals(List.of("a1"), matching("tags.\"model class\" = 'tree'"));
        assertEquals(List.of("a1"), matching("tags.`model class` LIKE 't%'"));
        assertEquals(List.of("b2"), matching("tags.team LIKE 'r_sk'"), "LIKE is case-sensitive");
        assertEquals(List.of("a1", "b2"), matching("tags.team ILIKE 'RISK'"));
        assertEquals(List.of("a1"), matching("params.model IN ('cart', 'lgbm')"));
        assertEquals(List.of("b2"), matching("params.model NOT IN ('cart')"));
        assertEquals(List.of("a1"), matching("params.max_depth = '3'"));
        assertEquals(List.of("b2"), matching("params.eta IS NOT NULL"));
        assertEquals(List.of("a1"), matching("params.eta IS NULL"));
        assertEquals(List.of("a1"), matching("params.model != 'xgboost'"));
    }

    @Test
    void attributesAndConjunctions() {
        assertEquals(List.of("b2"), matching("attributes.status = 'FAILED'"));
        assertEquals(List.of("a1"), matching("status != 'FAILED' and run_name LIKE 'cart%'"));
        assertEquals(List.of("b2"), matching("attributes.start_time > 150"));
        assertEquals(List.of("a1"), matching("attributes.run_id IN ('a1', 'zz')"));
        assertEquals(List.of("a1"), matching("metrics.rmse < 1 AND params.model = 'cart' and tags.team = 'Risk'"));
        assertEquals(List.of(), matching("metrics.rmse < 1 and params.model = 'xgboost'"));
    }

    @Test
    void errorsQuoteTheFilterAndSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("metrics.rmse <"));
        assertTrue(e.getMessage().contains("\"metrics.rmse <\"") && e.getMessage().contains("expected a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("metrics.rmse < 1 or params.a = 'b'"));
        assertTrue(e.getMessage().contains("OR is not supported"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("metrics.rmse < 'abc'"));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("foo.bar = 'x'"));
        assertTrue(e.getMessage().contains("unknown entity 'foo'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("params.a = 'unterminated"));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("params.a 'x'"));
        assertTrue(e.getMessage().contains("expected a comparator"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFilter.parse("colour = 'red'"));
        assertTrue(e.getMessage().contains("unknown attribute 'colour'"), e.getMessage());
    }
}
