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
        store.add(new ExplanationReview(ref, Map.of("method", "TREE_SHAP", "rows", "0-9"),
                ExplanationReview.Decision.NEEDS_CHANGES, "Rita", "noise_1 should not matter", "2026-11-24T10:00:00Z"));
        store.add(new ExplanationReview(ref, Map.of("method", "TREE_SHAP", "rows", "0-9"),
                ExplanationReview.Decision.APPROVED, "Rita", "", "2026-11-24T11:00:00Z"));
        store.add(new ExplanationReview("run:other/model/model.tribuo", Map.of(), ExplanationReview.Decision.APPROVED,
                "Sam", "ok", "2026-11-24T11:30:00Z"));
        List<ExplanationReview> again = new ReviewStore(tmp.resolve("reviews")).reviews(ref);
        assertEquals(2, again.size());
        assertEquals(ExplanationReview.Decision.APPROVED, again.get(1).decision());
        assertEquals("noise_1 should not matter", again.get(0).comment());
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
        assertThrows(IllegalArgumentException.class, () -> new ExplanationReview("m", Map.of(),
                ExplanationReview.Decision.APPROVED, " ", "", "2026-11-24T10:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> new ExplanationReview("m", Map.of(),
                ExplanationReview.Decision.NEEDS_CHANGES, "Rita", "", "2026-11-24T10:00:00Z"));
        assertThrows(RuntimeException.class, () -> new ExplanationReview("m", Map.of(),
                ExplanationReview.Decision.APPROVED, "Rita", "", "yesterday"));
    }

    @Test
    void corruptRecordsAreNamed() throws Exception {
        ReviewStore store = new ReviewStore(tmp);
        String ref = "run:x/model";
        store.add(new ExplanationReview(ref, Map.of(), ExplanationReview.Decision.APPROVED, "Rita", "", "2026-11-24T10:00:00Z"));
        Path f;
        try (var files = Files.list(tmp)) {
            f = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(f, "[{oops");
        var e = assertThrows(java.io.IOException.class, () -> store.reviews(ref));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
