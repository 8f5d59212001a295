package dev.handoff.runs.source.rest;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real source whose run searches are read in small pages ({@code max_results = pageSize}) and whose server is
 * stopped right after page {@code pagesBeforeStop} was read: the next page meets a server that went away mid-listing.
 * Everything else goes straight to the wrapped source.
 */
public final class StopServerAfterPages implements RunSource {
    private final RunSource delegate;
    private final int pageSize;
    private final int pagesBeforeStop;
    private final Runnable stopServer;
    private final AtomicInteger pagesRead = new AtomicInteger();

    public StopServerAfterPages(RunSource delegate, int pageSize, int pagesBeforeStop, Runnable stopServer) {
        this.delegate = delegate;
        this.pageSize = pageSize;
        this.pagesBeforeStop = pagesBeforeStop;
        this.stopServer = stopServer;
    }

    /** Pages the server answered. */
    public int pagesRead() {
        return pagesRead.get();
    }

    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        RunPage page = delegate.searchRuns(query.withMaxResults(pageSize));
        if (pagesRead.incrementAndGet() == pagesBeforeStop) {
            stopServer.run();
        }
        return page;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public ExperimentList listExperiments(ViewType viewType) throws SourceException {
        return delegate.listExperiments(viewType);
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        return delegate.getRun(runId);
    }

    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        return delegate.getMetricHistory(runId, metricKey);
    }

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException {
        return delegate.listArtifacts(runId, path);
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        return delegate.openArtifact(runId, path);
    }

    @Override
    public void close() throws SourceException {
        delegate.close();
    }
}
