package dev.handoff.runs.query;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;

import java.util.List;

/**
 * MLflow search semantics for sources that load runs into memory (file store, SQLite): filter, order, page.
 * Page tokens are opaque offsets.
 */
public final class LocalSearch {
    private LocalSearch() {
    }

    /**
     * Applies the query's view type, filter and order to {@code runs} and cuts out the requested page.
     *
     * @throws IllegalArgumentException for a malformed filter, order-by clause or page token (message names it)
     */
    public static RunPage page(List<Run> runs, List<LoadProblem> problems, RunQuery query) {
        throw new UnsupportedOperationException("TODO: filestore helper implements");
    }
}
