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
}
