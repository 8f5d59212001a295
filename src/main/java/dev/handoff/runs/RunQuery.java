package dev.handoff.runs;

import java.util.List;
import java.util.Objects;

/**
 * A run search, as MLflow's {@code runs/search}.
 *
 * @param experimentIds experiments to search (required, non-empty)
 * @param filter        MLflow search filter, e.g. {@code metrics.rmse < 1 and params.model = 'cart'}; empty = all
 * @param orderBy       MLflow order-by clauses, e.g. {@code metrics.acc DESC}; empty = start_time DESC
 * @param viewType      lifecycle stages to include
 * @param maxResults    page size (MLflow's default 1000)
 * @param pageToken     null for the first page
 */
public record RunQuery(List<String> experimentIds, String filter, List<String> orderBy, ViewType viewType,
                       int maxResults, String pageToken) {
    public static final int DEFAULT_MAX_RESULTS = 1000;

    public RunQuery {
        experimentIds = List.copyOf(Objects.requireNonNull(experimentIds, "experimentIds"));
        filter = filter == null ? "" : filter;
        orderBy = List.copyOf(orderBy == null ? List.of() : orderBy);
        viewType = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        if (maxResults <= 0) {
            throw new IllegalArgumentException("maxResults must be positive, got " + maxResults);
        }
    }

    public static RunQuery of(List<String> experimentIds) {
        return new RunQuery(experimentIds, "", List.of(), ViewType.ACTIVE_ONLY, DEFAULT_MAX_RESULTS, null);
    }

    public RunQuery withFilter(String f) {
        return new RunQuery(experimentIds, f, orderBy, viewType, maxResults, pageToken);
    }

    public RunQuery withOrderBy(List<String> o) {
        return new RunQuery(experimentIds, filter, o, viewType, maxResults, pageToken);
    }

    public RunQuery withViewType(ViewType v) {
        return new RunQuery(experimentIds, filter, orderBy, v, maxResults, pageToken);
    }

    public RunQuery withMaxResults(int n) {
        return new RunQuery(experimentIds, filter, orderBy, viewType, n, pageToken);
    }

    public RunQuery withPageToken(String token) {
        return new RunQuery(experimentIds, filter, orderBy, viewType, maxResults, token);
    }
}
