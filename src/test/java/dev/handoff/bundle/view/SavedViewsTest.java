package dev.handoff.bundle.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handoff-view/1 JSON round trip, its error messages, and the per-source store. */
class SavedViewsTest {
    private static SavedView view(String name) {
        ObjectNode options = new ObjectMapper().createObjectNode();
        options.put("xMode", "WALL_TIME");
        options.put("logY", true);
        options.putObject("smoothing").put("kind", "GAUSSIAN").put("parameter", 3.0);
        options.put("groupBy", "params.optimizer"); // a field this package knows nothing about: kept as it is
        return new SavedView(null, name, "file:/data/mlruns", List.of("1", "2"), List.of("b1", "a0", "b3"),
                List.of("val_loss", "val_auc"), options, new SavedView.Compare("a0", true, "val_auc"),
                "2026-12-04T23:00:00Z");
    }

    @Test
    void roundTripKeepsEveryFieldAndTheFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("shared.json");
        SavedView v = view("eta sweep");
        SavedViewFiles.write(f, v);
        String text = Files.readString(f);
        assertTrue(text.contains("\"format\" : \"handoff-view/1\""), text);
        assertTrue(text.indexOf("\"format\"") < text.indexOf("\"runIds\""), "format first: " + text);
        SavedView back = SavedViewFiles.read(f);
        assertEquals(v, back);
        assertEquals("params.optimizer", back.chartOptions().get("groupBy").asText());
        assertEquals(List.of("b1", "a0", "b3"), back.runIds(), "selection order kept");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void aNewerFormatIsRefusedByName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("future.json");
        Files.writeString(f, "{\"format\": \"handoff-view/2\", \"name\": \"x\"}");
        IOException e = assertThrows(IOException.class, () -> SavedViewFiles.read(f));
        assertEquals(f + ": unsupported view format 'handoff-view/2' (this workbench reads handoff-view/1)",
                e.getMessage());
        Files.writeString(f, "{\"name\": \"x\", \"runIds\": []}");
        e = assertThrows(IOException.class, () -> SavedViewFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a saved view (no \"format\" field"), e.getMessage());
    }

    @Test
    void badJsonNamesTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\n  \"format\": \"handoff-view/1\",\n  \"runIds\": [\"a\" \"b\"]\n}");
        IOException e = assertThrows(IOException.class, () -> SavedViewFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not valid JSON at line 3, column"), e.getMessage());
        Files.writeString(f, "{\"format\": \"handoff-view/1\", \"name\": \"x\", \"compare\": {\"differencesOnly\": [1]}}");
        e = assertThrows(IOException.class, () -> SavedViewFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": bad saved view field 'compare.differencesOnly'"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> SavedViewFiles.read(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("nope.json: no such file"), missing.getMessage());
    }

    @Test
    void viewsAreKeptPerSourceAndListedByName(@TempDir Path dir) throws Exception {
        SavedViews store = new SavedViews(dir.resolve("views"));
        store.save("file:/a/mlruns", view("Zeta"));
        store.save("file:/a/mlruns", view("alpha"));
        store.save("sqlite:/b/mlflow.db", view("other"));
        store.save("file:/a/mlruns", view("alpha").named("alpha")); // same name: replaced, not added
        assertEquals(List.of("alpha", "Zeta"), store.list("file:/a/mlruns").views().stream().map(SavedView::name).toList());
        assertEquals(List.of("other"), store.list("sqlite:/b/mlflow.db").views().stream().map(SavedView::name).toList());
        assertTrue(store.list("http://nowhere:5000").views().isEmpty());
        assertNotEquals(store.file("k", "A/B"), store.file("k", "a b"), "names with the same slug do not collide");

        Files.writeString(store.file("file:/a/mlruns", "broken"), "{");
        SavedViews.Listing listing = store.list("file:/a/mlruns");
        assertEquals(2, listing.views().size(), "an unreadable file does not hide the others");
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).message().contains("not valid JSON"), listing.problems().toString());

        assertTrue(store.delete("file:/a/mlruns", "Zeta"));
        assertFalse(store.delete("file:/a/mlruns", "Zeta"));
    }

    @Test
    void defaultFolderFollowsXdg() {
        assertEquals(Path.of("/p"), SavedViews.defaultDir("/p", "/e", "/x", "/home/u"));
        assertEquals(Path.of("/e"), SavedViews.defaultDir(null, "/e", "/x", "/home/u"));
        assertEquals(Path.of("/x/handoff-workbench/views"), SavedViews.defaultDir(null, "", "/x", "/home/u"));
        assertEquals(Path.of("/home/u/.config/handoff-workbench/views"), SavedViews.defaultDir(null, null, "rel", "/home/u"));
    }
}
