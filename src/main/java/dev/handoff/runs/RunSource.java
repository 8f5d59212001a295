package dev.handoff.runs;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only store of MLflow experiments and runs: the file store, the SQLite store or a tracking server.
 * Every view works on any implementation. Implementations must be safe to call from background threads and
 * should honour thread interruption between files / pages (cancelled tasks).
 */
public interface RunSource extends AutoCloseable {

    /** Human-readable description, e.g. {@code mlruns file store /home/x/mlruns}. */
    String describe();

    /** Experiments of the given view type, those that could not be read listed as problems. */
    ExperimentList listExperiments(ViewType viewType) throws SourceException;

    /** One page of runs matching the query. */
    RunPage searchRuns(RunQuery query) throws SourceException;

    /** One run with params, tags and latest metrics. */
    Run getRun(String runId) throws SourceException;

    /** The full history of one metric, sorted by (step, timestamp). Never truncated. */
    MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException;

    /** Direct children of {@code path} ("" = artifact root) in the run's artifacts. */
    List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException;

    /** Opens one artifact file for reading; the caller closes it. */
    InputStream openArtifact(String runId, String path) throws SourceException;

    /**
     * Follows every page of a search; problems of all pages are merged.
     *
     * @throws PartialListingException when a page after the first fails: it carries the pages read before
     */
    default RunPage searchAllRuns(RunQuery query) throws SourceException {
        return searchAllRuns(query, loaded -> { });
    }

    /**
     * {@link #searchAllRuns(RunQuery)}, telling {@code progress} the number of runs loaded after each page.
     */
    default RunPage searchAllRuns(RunQuery query, java.util.function.IntConsumer progress) throws SourceException {
        List<Run> runs = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        RunQuery q = query.withPageToken(null);
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SourceException(describe(), "cancelled");
            }
            RunPage page;
            try {
                page = searchRuns(q);
            } catch (PartialListingException e) {
                throw e;
            } catch (SourceException e) {
                if (q.pageToken() == null) {
                    throw e;
                }
                throw new PartialListingException(e, new RunPage(runs, problems, q.pageToken()));
            }
            runs.addAll(page.runs());
            problems.addAll(page.problems());
            progress.accept(runs.size());
            if (!page.hasNext()) {
                return new RunPage(runs, problems, null);
            }
            q = q.withPageToken(page.nextPageToken());
        }
    }

    @Override
    default void close() throws SourceException {
    }
}
