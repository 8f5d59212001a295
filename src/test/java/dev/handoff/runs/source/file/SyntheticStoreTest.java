package dev.handoff.runs.source.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticStoreTest {

    @Test
    void generatesRunsMetricsAndStepsInMlflowFormat(@TempDir Path tmp) throws IOException {
        SyntheticStore.Result r = SyntheticStore.generate(tmp.resolve("mlruns"), 60, 7, 200, 42);
        assertEquals(60, r.runIds().size());
        Path exp = tmp.resolve("mlruns").resolve(r.experimentId());
        assertTrue(Files.readString(exp.resolve("meta.yaml")).contains("name: synthetic-benchmark\n"));
        long points = 0;
        int finished = 0;
        boolean spike = false;
        for (String id : r.runIds()) {
            Path run = exp.resolve(id);
            String meta = Files.readString(run.resolve("meta.yaml"));
            boolean done = meta.contains("status: 3\n");
            finished += done ? 1 : 0;
            assertTrue(done || meta.contains("status: 4\n") || meta.contains("status: 5\n"), meta);
            assertTrue(Files.isRegularFile(run.resolve("metrics/train/loss")), "nested key is a sub-folder");
            assertTrue(Files.isRegularFile(run.resolve("metrics/metric_06")));
            for (String key : SyntheticStore.metricKeys(7)) {
                List<String> lines = Files.readAllLines(run.resolve("metrics").resolve(key));
                if (done) {
                    assertEquals(200, lines.size(), key);
                }
                long prevTs = 0;
                double prev = Double.NaN;
                for (int i = 0; i < lines.size(); i++) {
                    String[] f = lines.get(i).split(" ");
                    assertEquals(3, f.length);
                    assertEquals(Integer.toString(i), f[2]);
                    long ts = Long.parseLong(f[0]);
                    assertTrue(ts > prevTs);
                    prevTs = ts;
                    double v = Double.parseDouble(f[1]);
                    if (key.equals("train/loss") && i > 0 && v > 2.5 * prev) {
                        spike = true;
                    }
                    prev = v;
                }
                points += lines.size();
            }
        }
        assertEquals(r.metricPoints(), points);
        assertTrue(finished >= 50, "most runs finish: " + finished);
        assertTrue(spike, "losses carry isolated spikes");
    }

    @Test
    void sameArgumentsGiveAByteIdenticalStore(@TempDir Path tmp) throws IOException {
        SyntheticStore.generate(tmp.resolve("a/mlruns"), 15, 4, 50, 9);
        SyntheticStore.generate(tmp.resolve("b/mlruns"), 15, 4, 50, 9);
        List<Path> filesA = files(tmp.resolve("a/mlruns"));
        assertEquals(filesA.size(), files(tmp.resolve("b/mlruns")).size());
        for (Path rel : filesA) {
            assertEquals(-1L, Files.mismatch(tmp.resolve("a/mlruns").resolve(rel), tmp.resolve("b/mlruns").resolve(rel)),
                    rel.toString());
        }
    }

    @Test
    void roundingKeepsSixSignificantDigits() {
        assertEquals(0.123457, SyntheticStore.round(0.1234567));
        assertEquals(1.23457e-4, SyntheticStore.round(1.234567e-4));
        assertEquals("0.000123457", PythonFloats.repr(SyntheticStore.round(1.234567e-4)));
        assertEquals(1234.57, SyntheticStore.round(1234.5678));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
