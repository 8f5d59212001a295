package dev.handoff.runs;

import java.util.List;

/**
 * One page of a run search.
 *
 * @param runs          the runs that loaded, in the query's order
 * @param problems      runs (or parts) that could not be read; never silently dropped
 * @param nextPageToken null when this is the last page
 */
public record RunPage(List<Run> runs, List<LoadProblem> problems, String nextPageToken) {
    public RunPage {
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }

    public boolean hasNext() {
        return nextPageToken != null && !nextPageToken.isEmpty();
    }
}
