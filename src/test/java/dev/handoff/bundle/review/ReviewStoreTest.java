package dev.handoff.bundle.review;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReviewStoreTest {
    @TempDir
    Path tmp;

    @Test
    void signOffsAccumulatePerModelAndSurviveReopening() throws Exception {
        ReviewStore store = new ReviewStore(tmp.resolve("reviews"));
        String ref = ReviewStore.runModelRef("abc", "model/model.tribuo");
        store.add(new ExplanationReview(subject(ref, "TREE_SHAP"), ref,
                ExplanationReview.Decision.NEEDS_CHANGES, "Rita", "noise_1 should not matter", "2026-11-24T10:00:00Z"));
        store.add(new ExplanationReview(subject(ref, "TREE_SHAP"), ref,
                ExplanationReview.Decision.APPROVED, "Rita", "", "2026-11-24T11:00:00Z"));
        String other = "run:other/model/model.tribuo";
        store.add(new ExplanationReview(subject(other, "LIME"), other, ExplanationReview.Decision.APPROVED,
                "Sam", "ok", "2026-11-24T11:30:00Z"));
        List<ExplanationReview> again = new ReviewStore(tmp.resolve("reviews")).reviews(ref);
        assertEquals(2, again.size());
        assertEquals(ExplanationReview.Decision.APPROVED, again.get(1).decision());
        assertEquals("noise_1 should not matter", again.get(0).comment());
        assertEquals(subject(ref, "TREE_SHAP"), again.get(1).subject(), "the subject survives the round trip");
        assertEquals("ab".repeat(32), again.get(1).modelSha256());
        try (var files = Files.list(tmp.resolve("reviews"))) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".json")).count(), "no temp files left behind");
        }
    }

    @Test
    void defaultFolderIsOverridableByPropertyThenEnvironment() {
        assertEquals(Path.of("/p"), ReviewStore.defaultDir("/p", "/e", "/x", "/home/u"));
        assertEquals(Path.of("/e"), ReviewStore.defaultDir(" ", "/e", "/x", "/home/u"));
        assertEquals(Path.of("/x/handoff-workbench/reviews"), ReviewStore.defaultDir(null, "", "/x", "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/handoff-workbench/reviews"),
                ReviewStore.defaultDir(null, null, null, "/home/u"));
        String before = System.getProperty(ReviewStore.DIR_PROPERTY);
        try {
            System.setProperty(ReviewStore.DIR_PROPERTY, tmp.toString());
            assertEquals(tmp, ReviewStore.userDefault().dir());
        } finally {
            if (before == null) {
                System.clearProperty(ReviewStore.DIR_PROPERTY);
            } else {
                System.setProperty(ReviewStore.DIR_PROPERTY, before);
            }
        }
    }

    @Test
    void testsNeverUseTheRealHome() {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
        assertFalse(ReviewStore.userDefault().dir().toAbsolutePath().startsWith(home.resolve(".local")),
                "the build points " + ReviewStore.DIR_PROPERTY + " away from ~/.local: " + ReviewStore.userDefault().dir());
    }

    @Test
    void incompleteSignOffsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExplanationReview(null, "m",
                ExplanationReview.Decision.APPROVED, " ", "", "2026-11-24T10:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> new ExplanationReview(null, "m",
                ExplanationReview.Decision.NEEDS_CHANGES, "Rita", "", "2026-11-24T10:00:00Z"));
        assertThrows(RuntimeException.class, () -> new ExplanationReview(null, "m",
                ExplanationReview.Decision.APPROVED, "Rita", "", "yesterday"));
    }

    @Test
    void recordsWrittenBeforeDigestsStillReadAndNameNoModel() throws Exception {
        ReviewStore store = new ReviewStore(tmp);
        String ref = "run:old/model/model.tribuo";
        store.add(new ExplanationReview(null, ref, ExplanationReview.Decision.APPROVED, "Rita", "", "2026-11-24T10:00:00Z"));
        Path f;
        try (var files = Files.list(tmp)) {
            f = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        // the record format of the first version: a "view" map and no subject
        Files.writeString(f, "[{\"model_ref\":\"" + ref + "\",\"view\":{\"method\":\"TREE_SHAP\"},"
                + "\"decision\":\"APPROVED\",\"reviewer\":\"Rita\",\"comment\":\"\",\"timestamp\":\"2026-11-24T10:00:00Z\"}]");
        ExplanationReview old = store.reviews(ref).get(0);
        assertNull(old.modelSha256());
        assertEquals("Rita", old.reviewer());
        assertTrue(old.describe().contains("APPROVED by Rita"), old.describe());
    }

    @Test
    void aSubjectFromAReportKeepsSettingsNotFirstRowValues() {
        ReviewSubject s = new ReviewSubject("r", "ab".repeat(32), "test.csv", "cd".repeat(32), "LIME", "yes",
                "probability", Map.of("seed", "1"), List.of(0, 1, 2, 3, 7, 9, 10));
        assertEquals("0-3, 7, 9-10", s.rowsText());
        assertThrows(NullPointerException.class, () -> new ReviewSubject("r", null, "d", "x", "LIME", "yes", "p",
                Map.of(), List.of()), "a subject must name the model's digest");
    }

    private static ReviewSubject subject(String ref, String method) {
        return new ReviewSubject(ref, "ab".repeat(32), "test.csv", "cd".repeat(32), method, "yes", "probability",
                Map.of("seed", "42"), List.of(0, 1, 2));
    }

    @Test
    void corruptRecordsAreNamed() throws Exception {
        ReviewStore store = new ReviewStore(tmp);
        String ref = "run:x/model";
        store.add(new ExplanationReview(subject(ref, "LIME"), ref, ExplanationReview.Decision.APPROVED, "Rita", "",
                "2026-11-24T10:00:00Z"));
        Path f;
        try (var files = Files.list(tmp)) {
            f = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(f, "[{oops");
        var e = assertThrows(java.io.IOException.class, () -> store.reviews(ref));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
