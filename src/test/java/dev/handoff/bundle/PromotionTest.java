package dev.handoff.bundle;

import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.SourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
    static RegistryFakes.Registry source;
    static Path signed;
    static Path open;

    @BeforeAll
    static void bundles() throws Exception {
        Path file = Files.createTempFile(dir, "model", ".tribuo");
        TinyModels.logistic().serializeToFile(file);
        source = new RegistryFakes.Registry(Files.readAllBytes(file));
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
        RegistryFakes.RecordingWrites writer = new RegistryFakes.RecordingWrites(-1);
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
        RegistryFakes.RecordingWrites writer = new RegistryFakes.RecordingWrites(-1);
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

        RegistryFakes.RecordingWrites writer = new RegistryFakes.RecordingWrites(-1);
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
        RegistryFakes.RecordingWrites writer = new RegistryFakes.RecordingWrites(-1);
        Promotion.apply(plan, writer, s -> { });
        assertEquals("alias credit-risk@challenger=2", writer.calls.get(writer.calls.size() - 1));
    }

    @Test
    void aFailingWriteStopsBeforeTheAliasAndReportsWhatWasMade() throws Exception {
        Promotion.Plan plan = plan("credit-risk/2", "champion", signed);
        RegistryFakes.RecordingWrites writer = new RegistryFakes.RecordingWrites(2);
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

    @Test
    void aliasesMlflowWouldRefuseAreRefusedBeforeAnyWrite() {
        for (String alias : List.of("latest", "LATEST", "v2", "V10", "champ ion", "champion!", "x".repeat(256))) {
            var e = assertThrows(IllegalArgumentException.class, () -> plan("credit-risk/2", alias, signed), alias);
            assertTrue(e.getMessage().contains("alias"), e.getMessage());
        }
        assertEquals("prod-eu_2", assertDoesNotThrow(() -> plan("credit-risk/2", "prod-eu_2", signed)).alias());
    }

    @Test
    void rePromotingTheVersionTheAliasNamesKeepsTheRecordOfWhatItReplaced() throws Exception {
        Promotion.Plan plan = plan("credit-risk/1", "champion", signed); // champion already names version 1
        assertEquals("1", plan.previousVersion());
        assertFalse(plan.tags().containsKey("handoff.replaced.champion"),
                "the earlier handoff.replaced.champion tag (the version before) must survive for --rollback");
    }
}
