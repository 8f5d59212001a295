package dev.handoff.runs.query;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary filters: {@code metrics.<key>.<summary>} on full histories, parsed, checked and evaluated. */
class SummaryFilterTest {
    // a: val_auc peaks at 0.9 at step 2 and ends at 0.7; b: rises steadily to 0.85 (latest = max)
    private static final Map<String, MetricSeries> HISTORIES = new HashMap<>();

    static {
        HISTORIES.put("a/val_auc", new MetricSeries("a", "val_auc", new long[]{0, 1, 2, 3},
                new double[]{0.6, 0.8, 0.9, 0.7}, new long[]{1, 2, 3, 4}));
        HISTORIES.put("b/val_auc", new MetricSeries("b", "val_auc", new long[]{0, 1, 2, 3},
                new double[]{0.5, 0.6, 0.8, 0.85}, new long[]{1, 2, 3, 4}));
        HISTORIES.put("a/val_loss", new MetricSeries("a", "val_loss", new long[]{0, 1, 2},
                new double[]{0.9, 0.4, 0.5}, new long[]{1, 2, 3}));
    }

    private final Run a = RunFilterTest.run("a", "peaky", RunStatus.FINISHED, 100, Map.of("model", "xgb"), Map.of(),
            Map.of("val_auc", 0.7, "val_loss", 0.5));
    private final Run b = RunFilterTest.run("b", "steady", RunStatus.FINISHED, 200, Map.of("model", "cart"), Map.of(),
            Map.of("val_auc", 0.85));
    private final SummaryCache cache = new SummaryCache((run, key) -> HISTORIES.get(run + "/" + key), 100);

    private List<String> matching(String filter) throws SourceException {
        return LocalSearch.page(List.of(a, b), List.of(), RunQuery.of(List.of("1")).withFilter(filter), cache)
                .runs().stream().map(Run::id).sorted().toList();
    }

    @Test
    void summariesCompareTheFullHistoryWhileThePlainKeyKeepsTheLatestValue() throws SourceException {
        assertEquals(List.of("b"), matching("metrics.val_auc > 0.8"), "latest value: a ends at 0.7");
        assertEquals(List.of("a", "b"), matching("metrics.val_auc.max > 0.8"), "a peaked at 0.9");
        assertEquals(List.of("a"), matching("metrics.val_auc.max >= 0.9"));
        assertEquals(List.of("b"), matching("metrics.val_auc.min < 0.6"));
        assertEquals(List.of("b"), matching("metrics.val_auc.last > 0.8"));
        assertEquals(List.of("a"), matching("metrics.val_auc.first = 0.6"));
        assertEquals(List.of("a"), matching("metrics.val_auc.step_of_max = 2"));
        assertEquals(List.of("b"), matching("metrics.val_auc.step_of_max = 3"));
        assertEquals(List.of("a"), matching("metrics.val_loss.step_of_min = 1 and metrics.val_loss.min < 0.5"));
        assertEquals(List.of("a"), matching("metrics.val_auc.at_step_1 = 0.8"));
        assertEquals(List.of(), matching("metrics.val_auc.at_step_9 IS NOT NULL"), "no run logged step 9");
        assertEquals(List.of("a", "b"), matching("metrics.val_auc.count = 4"));
        assertEquals(List.of("b"), matching("metrics.val_loss.min IS NULL"), "b never logged val_loss");
        assertEquals(List.of("b"), matching("metrics.val_auc.mean > 0.68 and params.model = 'cart'"));
        assertEquals(List.of("a"), matching("metrics.`val_auc`.MAX > 0.88"), "quoted key, summary after it");
    }

    @Test
    void eachHistoryIsReadOnceForEverySummaryOfIt() throws SourceException {
        matching("metrics.val_auc.max > 0");
        long after = cache.reads();
        assertEquals(2, after, "one read per run");
        matching("metrics.val_auc.min > 0 and metrics.val_auc.last > 0 and metrics.val_auc.step_of_min >= 0");
        assertEquals(after, cache.reads(), "min, last, step_of_min come from the same read");
    }

    @Test
    void anUnknownSummaryIsAClearErrorNamingIt() {
        IllegalArgumentException quoted = assertThrows(IllegalArgumentException.class,
                () -> RunFilter.parse("metrics.`val_auc`.maxx > 1"));
        assertTrue(quoted.getMessage().contains("unknown metric summary 'maxx'"), quoted.getMessage());
        assertTrue(quoted.getMessage().contains("step_of_min"), "lists the known ones: " + quoted.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> matching("metrics.val_auc.mx > 1"));
        assertTrue(typo.getMessage().contains("unknown metric summary 'mx' in metrics.val_auc.mx"), typo.getMessage());
        IllegalArgumentException best = assertThrows(IllegalArgumentException.class,
                () -> RunFilter.parse("metrics.val_auc.best > 0.8"));
        assertTrue(best.getMessage().contains("depends on the metric's goal"), best.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> RunFilter.parse("metrics.val_auc.max = 'high'"));
        assertTrue(text.getMessage().contains("metrics.val_auc.max is numeric"), text.getMessage());
    }

    @Test
    void dottedMetricKeysThatAreNotSummariesKeepMlflowsMeaning() throws SourceException {
        Run dotted = RunFilterTest.run("c", "dotted", RunStatus.FINISHED, 1, Map.of(), Map.of(),
                Map.of("val.auc", 0.95, "acc.max", 0.5));
        List<Run> runs = List.of(dotted);
        assertEquals(1, LocalSearch.page(runs, List.of(), RunQuery.of(List.of("1")).withFilter("metrics.val.auc > 0.9"),
                cache).runs().size());
        RunFilter quoted = RunFilter.parse("metrics.`acc.max` = 0.5");
        assertFalse(quoted.hasSummaries(), "a quoted key is never split");
        assertTrue(quoted.test(dotted));
    }

    @Test
    void aSummaryFilterWithoutHistoriesIsRefusedNotSilentlyEmpty() {
        RunFilter f = RunFilter.parse("metrics.val_auc.max > 0.8");
        assertTrue(f.hasSummaries());
        assertEquals(List.of("metrics.val_auc.max"), f.summaryFields());
        assertThrows(IllegalStateException.class, () -> f.test(a));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalSearch.page(List.of(a),
                List.of(), RunQuery.of(List.of("1")).withFilter("metrics.val_auc.max > 0.8")));
        assertTrue(e.getMessage().contains("cannot evaluate summary filters [metrics.val_auc.max]"), e.getMessage());
        assertTrue(f.fields().contains(new RunField(RunField.Entity.METRIC, "val_auc")), "loads the base metric");
    }
}
