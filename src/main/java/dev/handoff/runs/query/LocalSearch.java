package dev.handoff.runs.query;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        RunFilter filter = RunFilter.parse(query.filter());
        Comparator<Run> order = RunOrdering.parse(query.orderBy());
        int offset = pageOffset(query.pageToken());
        List<Run> matching = new ArrayList<>();
        for (Run r : runs) {
            if (query.viewType().includes(r.info().lifecycleStage()) && filter.test(r)) {
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
