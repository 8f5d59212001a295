package dev.handoff.bundle;

import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Promotion} without a server or a display: plan against an in-memory registry, apply to a writer that records
 * every call. A refused plan writes nothing; an allowed one writes the handoff.* tags, then the alias, and records
 * the alias it replaced; a failing writer leaves the caller knowing exactly which writes were made.
 */
class PromotionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String ARTIFACT = "model/model.tribuo";

    @TempDir
    static Path dir;
    static FakeRegistry source;
    static Path signed;
    static Path open;

    @BeforeAll
    static void bundles() throws Exception {
        Path file = Files.createTempFile(dir, "model", ".tribuo");
        TinyModels.logistic().serializeToFile(file);
        source = new FakeRegistry(Files.readAllBytes(file));
        signed = bundle(true);
        open = bundle(false);
    }

    private static Path bundle(boolean signOff) throws Exception {
        ModelArtifact model = ModelArtifact.fromRun(source, "r2", ARTIFACT, "credit");
        Checklist list = ChecklistIo.loadDefault();
        List<ExplanationReview> reviews = List.of();
        if (signOff) {
            for (ChecklistLine l : list.lines()) {
                list = list.sign(l.lineId(), LineStatus.DONE, "Gina Governance", null, "checked", CLOCK);
            }
            ReviewSubject subject = new ReviewSubject(model.ref(), model.sha256(), "test.csv", "00", "LINEAR_SHAP", "yes",
                    "logit", Map.of(), List.of(0, 1));
            reviews = List.of(ExplanationReview.of(subject, ExplanationReview.Decision.APPROVED, "Sam Signer", "sensible",
                    CLOCK.instant()));
        }
        Path out = dir.resolve(signOff ? "signed" : "open");
        BundleWriter.named("credit").clock(CLOCK).model(model, null, "one row of zeros")
                .checklist(list, ExportPolicy.WARN).signOffs(reviews, model.sha256()).write(out);
        return out;
    }

    private static Promotion.Plan plan(String ref, String alias, Path bundle) throws SourceException {
        return Promotion.plan(source, ModelRef.parse(ref), alias, bundle, null, ARTIFACT, CLOCK);
    }

    @Test
    void aRefusedPlanWritesNothing() throws Exception {
        Promotion.Plan plan = plan("credit-risk/2", "champion", open);
        assertFalse(plan.allowed());
        assertTrue(plan.gate().outstanding().stream().anyMatch(l -> l.startsWith("checklist ")), plan.gate().outstanding().toString());
        RecordingWriter writer = new RecordingWriter(-1);
        List<String> done = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> Promotion.apply(plan, writer, done::add));
        assertEquals(List.of(), writer.calls);
        assertEquals(List.of(), done);
    }

    @Test
    void aVersionWhoseModelDiffersFromTheBundlesIsRefused() throws Exception {
        Promotion.Plan plan = plan("credit-risk/1", "champion", signed);
        assertFalse(plan.allowed());
        assertTrue(plan.gate().outstanding().stream().anyMatch(l -> l.contains("SHA-256") || l.contains("sha256")),
                plan.gate().outstanding().toString());
        RecordingWriter writer = new RecordingWriter(-1);
        assertThrows(IllegalStateException.class, () -> Promotion.apply(plan, writer, s -> { }));
        assertEquals(List.of(), writer.calls);
    }

    @Test
    void anAllowedPlanWritesTheTagsThenTheAliasAndRecordsTheReplacedAlias() throws Exception {
        Promotion.Plan plan = plan("credit-risk/2", "champion", signed);
        assertTrue(plan.allowed(), plan.gate().outstanding().toString());
        assertEquals("1", plan.previousVersion());
        assertEquals("alias @champion of credit-risk: version 1 -> version 2", plan.aliasChange());
        assertEquals(List.of("handoff.bundle.sha256", "handoff.checklist.status", "handoff.reviewers",
                "handoff.verified_at", "handoff.replaced.champion"), List.copyOf(plan.tags().keySet()));
        assertEquals("1", plan.tags().get("handoff.replaced.champion"));
        assertEquals("passed", plan.tags().get("handoff.checklist.status"));
        assertEquals("Gina Governance, Sam Signer", plan.tags().get("handoff.reviewers"));
        assertEquals("2026-05-01T10:00:00Z", plan.tags().get("handoff.verified_at"));

        RecordingWriter writer = new RecordingWriter(-1);
        List<String> done = new ArrayList<>();
        Promotion.apply(plan, writer, done::add);
        List<String> expected = new ArrayList<>();
        plan.tags().forEach((k, v) -> expected.add("tag credit-risk/2 " + k + "=" + v));
        expected.add("alias credit-risk@champion=2");
        assertEquals(expected, writer.calls, "the tags first, the alias last; no deletes");
        assertEquals(plan.changes(), done, "each write reported as the plan announced it");
    }

    @Test
    void anUnsetAliasIsRecordedAsNone() throws Exception {
        Promotion.Plan plan = plan("credit-risk/2", " challenger ", signed);
        assertTrue(plan.allowed(), plan.gate().outstanding().toString());
        assertEquals("challenger", plan.alias());
        assertNull(plan.previousVersion());
        assertEquals("none", plan.tags().get("handoff.replaced.challenger"));
        assertEquals("alias @challenger of credit-risk: (unset) -> version 2", plan.aliasChange());
        RecordingWriter writer = new RecordingWriter(-1);
        Promotion.apply(plan, writer, s -> { });
        assertEquals("alias credit-risk@challenger=2", writer.calls.get(writer.calls.size() - 1));
    }

    @Test
    void aFailingWriteStopsBeforeTheAliasAndReportsWhatWasMade() throws Exception {
        Promotion.Plan plan = plan("credit-risk/2", "champion", signed);
        RecordingWriter writer = new RecordingWriter(2);
        List<String> done = new ArrayList<>();
        assertThrows(SourceException.class, () -> Promotion.apply(plan, writer, done::add));
        assertEquals(2, writer.calls.size(), writer.calls.toString());
        assertTrue(writer.calls.stream().noneMatch(c -> c.startsWith("alias ")), "the alias is not moved");
        assertEquals(plan.changes().subList(0, 2), done);
    }

    @Test
    void planningWithoutAnAliasIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> plan("credit-risk/2", " ", signed));
    }

    /** Records every call; fails the call numbered {@code failAt} (0-based), never when negative. */
    private static final class RecordingWriter implements RegistryWrites {
        final List<String> calls = new ArrayList<>();
        private final int failAt;

        RecordingWriter(int failAt) {
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
    private static final class FakeRegistry implements RunSource {
        private final byte[] model;

        FakeRegistry(byte[] model) {
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
