package dev.handoff.runs.query;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.handoff.runs.query.RunFilterTest.run;
import static org.junit.jupiter.api.Assertions.*;

class RunOrderingTest {
    final Run a = run("a", "a", RunStatus.FINISHED, 300, Map.of("lr", "0.1"), Map.of(), Map.of("acc", 0.9));
    final Run b = run("b", "b", RunStatus.FINISHED, 100, Map.of("lr", "0.01"), Map.of(), Map.of("acc", 0.7));
    final Run c = run("c", "c", RunStatus.FINISHED, 200, Map.of(), Map.of(), Map.of());
    final Run d = run("d", "d", RunStatus.FINISHED, 200, Map.of(), Map.of(), Map.of("acc", Double.NaN));

    List<String> order(String... clauses) {
        List<Run> runs = new ArrayList<>(List.of(a, b, c, d));
        runs.sort(RunOrdering.parse(List.of(clauses)));
        return runs.stream().map(Run::id).toList();
    }

    @Test
    void defaultIsNewestFirstThenRunId() {
        assertEquals(List.of("a", "c", "d", "b"), order());
    }

    @Test
    void metricsAscAndDescKeepMissingAndNanLast() {
        assertEquals(List.of("b", "a", "c", "d"), order("metrics.acc"));
        assertEquals(List.of("a", "b", "c", "d"), order("metrics.acc DESC"));
    }

    @Test
    void paramsAndAttributes() {
        assertEquals(List.of("b", "a", "c", "d"), order("params.lr ASC"));
        assertEquals(List.of("b", "c", "d", "a"), order("attributes.start_time"));
        assertEquals(List.of("d", "c", "b", "a"), order("run_name desc"));
    }

    @Test
    void badClauseIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOrdering.parse(List.of("metrics.acc sideways")));
        assertTrue(e.getMessage().contains("metrics.acc sideways"), e.getMessage());
    }

    @Test
    void localSearchPagesAndReportsProblemsOnce() {
        List<Run> runs = List.of(a, b, c, d);
        List<LoadProblem> problems = List.of(new LoadProblem("run", "x", "/m/x/meta.yaml", 0, "missing meta.yaml"));
        RunQuery q = RunQuery.of(List.of("1")).withMaxResults(3);
        RunPage p1 = LocalSearch.page(runs, problems, q);
        assertEquals(List.of("a", "c", "d"), p1.runs().stream().map(Run::id).toList());
        assertEquals(1, p1.problems().size());
        RunPage p2 = LocalSearch.page(runs, problems, q.withPageToken(p1.nextPageToken()));
        assertEquals(List.of("b"), p2.runs().stream().map(Run::id).toList());
        assertTrue(p2.problems().isEmpty());
        assertFalse(p2.hasNext());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalSearch.page(runs, problems, q.withPageToken("garbage")));
        assertTrue(e.getMessage().contains("invalid page token 'garbage'"));
    }
}
