package dev.handoff.runs.cache;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.runs.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
    @TempDir Path dir;

    @Test
    void roundTripsExactValuesAndDiscardsCorruptEntries() throws Exception {
        HistoryStore store = new HistoryStore(dir);
        List<Metric> pts = List.of(new Metric("m", Double.NaN, 5L, 0L), new Metric("m", Double.POSITIVE_INFINITY, 6L, 1L),
                new Metric("m", -0.1234567890123, 7L, 2L));
        store.put("k1", pts);
        assertEquals(pts, store.get("k1", "m").orElseThrow());
        Path f = store.fileFor("k1");
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 1;
        Files.write(f, bytes);
        assertTrue(store.get("k1", "m").isEmpty());
        assertFalse(Files.exists(f));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
    @Test
    void truncatedOrMismatchedEntryIsAMiss() throws Exception {
        HistoryStore store = new HistoryStore(dir);
        store.put("k2", List.of(new Metric("m", 1.5, 1L, 0L), new Metric("m", Double.NEGATIVE_INFINITY, 2L, 1L)));
        Path f = store.fileFor("k2");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertTrue(store.get("k2", "m").isEmpty());
        assertFalse(Files.exists(f));
        store.put("k3", List.of(new Metric("m", 2.0, 1L, 0L)));
        Files.copy(store.fileFor("k3"), store.fileFor("k4"));
        assertTrue(store.get("k4", "m").isEmpty(), "an entry whose header names another key is rejected");
        assertEquals(2.0, store.get("k3", "m").orElseThrow().get(0).value());
    }
    @Test
    void evictsLeastRecentlyUsedEntriesOverTheBound() throws Exception {
        HistoryStore store = new HistoryStore(dir, 250);
        List<Metric> pts = List.of(new Metric("m", 1, 1L, 0L), new Metric("m", 2, 2L, 1L), new Metric("m", 3, 3L, 2L));
        store.put("a", pts);
        Files.setLastModifiedTime(store.fileFor("a"), java.nio.file.attribute.FileTime.fromMillis(1000));
        store.put("b", pts);
        Files.setLastModifiedTime(store.fileFor("b"), java.nio.file.attribute.FileTime.fromMillis(2000));
        store.get("a", "m");
        store.put("c", pts);
        assertTrue(store.get("a", "m").isPresent(), "a was read last, so it stays");
        assertTrue(store.get("b", "m").isEmpty(), "b is the least recently used");
        assertTrue(store.get("c", "m").isPresent());
    }
    @Test
    void keyDropsCredentialsAndChangesWithEndTime() {
        String a = HistoryStore.key("http://user:secret@MLflow.example:5000/", "1", "r", "loss", 10L);
        assertEquals(HistoryStore.key("http://mlflow.example:5000", "1", "r", "loss", 10L), a);
        assertFalse(a.contains("secret"));
        assertNotEquals(a, HistoryStore.key("http://mlflow.example:5000", "1", "r", "loss", 11L));
    }
}
