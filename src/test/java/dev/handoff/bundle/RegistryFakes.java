package dev.handoff.bundle;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A registry to promote in and a writer that records the promotion's writes, for tests without a server. */
public final class RegistryFakes {
    /** Where the fake runs keep their model file. */
    public static final String ARTIFACT = "model/model.tribuo";

    private RegistryFakes() {
    }

    /** Records every call; fails the call numbered {@code failAt} (0-based), never when negative. */
    public static final class RecordingWrites implements RegistryWrites {
        public final List<String> calls;
        private final int failAt;

        public RecordingWrites(int failAt) {
            this(new ArrayList<>(), failAt);
        }

        /** Records into {@code calls}. */
        public RecordingWrites(List<String> calls, int failAt) {
            this.calls = calls;
            this.failAt = failAt;
        }

        private void record(String call) throws SourceException {
            if (calls.size() == failAt) {
                throw new SourceException(describe(), "HTTP 503 on " + call);
            }
            calls.add(call);
        }

        @Override
        public String describe() {
            return "recording writer";
        }

        @Override
        public void setAlias(String name, String alias, String version) throws SourceException {
            record("alias " + name + "@" + alias + "=" + version);
        }

        @Override
        public void deleteAlias(String name, String alias) throws SourceException {
            record("delete alias " + name + "@" + alias);
        }

        @Override
        public void setVersionTag(String name, String version, String key, String value) throws SourceException {
            record("tag " + name + "/" + version + " " + key + "=" + value);
        }

        @Override
        public void deleteVersionTag(String name, String version, String key) throws SourceException {
            record("delete tag " + name + "/" + version + " " + key);
        }
    }

    /** credit-risk: version 1 (@champion) of run r1 (another model file), version 2 of run r2 (the bundled model). */
    public static final class Registry implements RunSource {
        private final byte[] model;

        public Registry(byte[] model) {
            this.model = model;
        }

        @Override
        public String describe() {
            return "in-memory registry";
        }

        @Override
        public List<RegisteredModel> listRegisteredModels() {
            return List.of(new RegisteredModel("credit-risk", null, 1, 1, Map.of(), Map.of("champion", "1")));
        }

        @Override
        public List<ModelVersion> listModelVersions(String name) {
            return List.of(
                    new ModelVersion(name, "1", "runs:/r1/model", "r1", "READY", "None", null, 1, 1, Map.of(), List.of("champion"), null),
                    new ModelVersion(name, "2", "runs:/r2/model", "r2", "READY", "None", null, 2, 2, Map.of(), List.of(), null));
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
            if (path.equals(ARTIFACT) && runId.equals("r2")) {
                return new ByteArrayInputStream(model);
            }
            if (path.equals(ARTIFACT) && runId.equals("r1")) {
                return new ByteArrayInputStream(new byte[]{9, 9, 9});
            }
            throw new SourceException(describe(), "no artifact " + path + " in run " + runId);
        }
    }
}
