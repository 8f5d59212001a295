package dev.handoff.runs.query;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.RunSources;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary filters through the real sources: the sample's file store and mlflow.db agree; a server refuses them. */
class SampleSummaryFilterTest {
    private static final Path PROJECT = Path.of(System.getProperty("handoff.repo", "."))
            .resolve("sample-projects/credit-risk");

    /** The runs whose full val_loss history dips below {@code limit}, computed here from the histories. */
    private static Set<String> byHand(RunSource s, List<Run> runs, double limit) throws SourceException {
        Set<String> out = new TreeSet<>();
        for (Run r : runs) {
            if (r.latestMetrics().containsKey("val_loss")) {
                MetricSeries h = s.getMetricHistory(r.id(), "val_loss");
                for (double v : h.values()) {
                    if (v < limit) {
                        out.add(r.id());
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> ids(List<Run> runs) {
        Set<String> out = new TreeSet<>();
        runs.forEach(r -> out.add(r.id()));
        return out;
    }

    @Test
    void fileStoreAndSqliteEvaluateSummariesOnTheFullHistories() throws Exception {
        for (String location : List.of(PROJECT.toString(), PROJECT.resolve("mlflow.db").toString())) {
            try (RunSource s = RunSources.open(location)) {
                List<String> exps = s.listExperiments(dev.handoff.runs.ViewType.ACTIVE_ONLY).experiments().stream().map(e -> e.id()).toList();
                List<Run> all = s.searchAllRuns(RunQuery.of(exps)).runs();
                // the smallest latest val_loss: a summary "min below it" must find runs the plain filter cannot
                double lowestLatest = all.stream().filter(r -> r.latestMetrics().containsKey("val_loss"))
                        .mapToDouble(r -> r.latestMetrics().get("val_loss").value()).min().orElseThrow();
                double limit = lowestLatest + 0.02;
                Set<String> expected = byHand(s, all, limit);
                List<Run> found = s.searchAllRuns(RunQuery.of(exps).withFilter("metrics.val_loss.min < " + limit),
                        n -> { }).runs();
                assertEquals(expected, ids(found), location);
                assertFalse(expected.isEmpty(), location);
                SourceException unknown = assertThrows(SourceException.class, () -> s.searchAllRuns(
                        RunQuery.of(exps).withFilter("metrics.val_loss.lowest < 1")), "a mistyped summary: " + location);
                assertTrue(unknown.getMessage().contains("unknown metric summary 'lowest'"), unknown.getMessage());
            }
        }
    }

    @Test
    void aTrackingServerRefusesSummaryFiltersBeforeAsking() throws Exception {
        try (MlflowRestSource s = new MlflowRestSource(RestConfig.of(URI.create("http://127.0.0.1:9"), null))) {
            SourceException e = assertThrows(SourceException.class, () -> s.searchRuns(
                    RunQuery.of(List.of("1")).withFilter("metrics.val_auc.max > 0.8")));
            assertTrue(e.getMessage().contains("cannot evaluate summary filters [metrics.val_auc.max]"), e.getMessage());
        }
    }
}
