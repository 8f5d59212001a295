package dev.handoff.ui.explain;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A store that only holds each run's {@value ExplainPane#RUN_MODEL_ARTIFACT}: the bytes given per run id. */
record ModelRunsSource(Map<String, byte[]> models) implements RunSource {
    @Override
    public String describe() {
        return "test store";
    }

    @Override
    public ExperimentList listExperiments(ViewType viewType) {
        return new ExperimentList(List.of(), List.of());
    }

    @Override
    public RunPage searchRuns(RunQuery query) {
        return new RunPage(List.of(), List.of(), null);
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        throw new SourceException(describe(), "no run " + runId);
    }

    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        throw new SourceException(describe(), "no metrics");
    }

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) {
        return List.of();
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        byte[] model = models.get(runId);
        if (model == null || !path.equals(ExplainPane.RUN_MODEL_ARTIFACT)) {
            throw new SourceException(describe(), "no artifact " + path + " in run " + runId);
        }
        return new ByteArrayInputStream(model);
    }
}
