package dev.handoff.runs.query;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MLflow search semantics for sources that load runs into memory (file store, SQLite): view type, filter, order and
 * paging. Page tokens are opaque offsets; load problems are reported with the first page only, so that following every
 * page reports each problem once.
 */
public final class LocalSearch {
    private static final String TOKEN_PREFIX = "offset:";

    private LocalSearch() {
    }

    /**
     * Applies the query's view type, filter and order to {@code runs} and cuts out the requested page.
     *
     * @throws IllegalArgumentException for a malformed filter, order-by clause or page token (message names it)
     */
    public static RunPage page(List<Run> runs, List<LoadProblem> problems, RunQuery query) {
        try {
            return page(runs, problems, query, null);
        } catch (SourceException e) {
            throw new IllegalStateException("unreachable: no histories are read", e);
        }
    }

    /**
     * As {@link #page(List, List, RunQuery)}, with summary filters ({@code metrics.val_auc.max > 0.8}) evaluated on
     * the full histories through {@code summaries}.
     *
     * @param summaries null: a filter with summaries is refused
     * @throws IllegalArgumentException also for a mistyped summary ({@link RunFilter#checkSummaries}) and for a
     *                                  summary filter without {@code summaries}
     * @throws SourceException          when a history the filter needs cannot be read
     */
    public static RunPage page(List<Run> runs, List<LoadProblem> problems, RunQuery query, SummaryLookup summaries)
            throws SourceException {
        RunFilter filter = RunFilter.parse(query.filter());
        Comparator<Run> order = RunOrdering.parse(query.orderBy());
        int offset = pageOffset(query.pageToken());
        Set<String> logged = new HashSet<>();
        runs.forEach(r -> logged.addAll(r.latestMetrics().keySet()));
        filter.checkSummaries(logged);
        if (filter.hasSummaries() && summaries == null) {
            throw new IllegalArgumentException("this source cannot evaluate summary filters " + filter.summaryFields()
                    + ": they need the metrics' full histories");
        }
        List<Run> matching = new ArrayList<>();
        for (Run r : runs) {
            if (query.viewType().includes(r.info().lifecycleStage())
                    && (summaries == null ? filter.test(r) : filter.matches(r, summaries))) {
                matching.add(r);
            }
        }
        matching.sort(order);
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min((long) from + query.maxResults(), matching.size());
        String next = to < matching.size() ? pageToken(to) : null;
        return new RunPage(matching.subList(from, to), offset == 0 ? problems : List.of(), next);
    }

    /** The page token of the page that starts at {@code offset} (opaque to callers). */
    public static String pageToken(int offset) {
        return TOKEN_PREFIX + offset;
    }

    /**
     * The offset a page token of {@link #pageToken} stands for; 0 for none.
     *
     * @throws IllegalArgumentException for a token this search did not make
     */
    public static int pageOffset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        if (token.startsWith(TOKEN_PREFIX)) {
            try {
                int o = Integer.parseInt(token.substring(TOKEN_PREFIX.length()));
                if (o >= 0) {
                    return o;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error
            }
        }
        throw new IllegalArgumentException("invalid page token '" + token + "': use the next_page_token of the previous page");
    }
}
