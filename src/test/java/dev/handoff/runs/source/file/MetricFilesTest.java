package dev.handoff.runs.source.file;

import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metric-file parser against the definition: each field as Java's (= Python's, for these forms) own number
 * parsing reads it, for the one-pass common-line path and every form that goes through the general one.
 */
class MetricFilesTest {
    @TempDir
    Path tmp;

    /** A value written as MLflow's writers, old and new, and people's scripts write it. */
    private static String valueText(Random rnd, double v) {
        return switch (rnd.nextInt(9)) {
            case 0 -> Double.toString(v);                                       // repr-like, 16-17 digits
            case 1 -> String.format(Locale.ROOT, "%.9g", v).trim();            // 9 significant digits
            case 2 -> String.format(Locale.ROOT, "%.17g", v).trim();
            case 3 -> String.format(Locale.ROOT, "%.3e", v);                   // exponent
            case 4 -> Long.toString(Math.round(v * 1000));                     // an integer value
            case 5 -> String.format(Locale.ROOT, "%.6f", v);
            case 6 -> rnd.nextBoolean() ? "nan" : rnd.nextBoolean() ? "inf" : "-inf";
            case 7 -> String.format(Locale.ROOT, "%.25f", v / 1e6);           // long fraction, tiny value
            default -> String.format(Locale.ROOT, "%.15f", v).replaceAll("0+$", "0");
        };
    }

    private static double expected(String text) {
        return switch (text) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    @RepeatedTest(30)
    void everyLineFormParsesAsTheNumbersItSpells(RepetitionInfo repetition) throws Exception {
        Random rnd = new Random(4400L + repetition.getCurrentRepetition()); // a failure names its seed
        int n = 200 + rnd.nextInt(800);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long[] steps = new long[n];
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * 17L;
            steps[i] = i;
            double raw = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(12) - 6);
            String v = valueText(rnd, raw);
            vs[i] = expected(v);
            String line = switch (rnd.nextInt(10)) {
                case 0 -> ts[i] + " " + v + " " + steps[i] + "\r\n";                 // Windows line end
                case 1 -> ts[i] + " " + v + " " + steps[i] + " train 9f86d081\n";   // 3.x: dataset name, digest
                case 2 -> "  " + ts[i] + " " + v + " " + steps[i] + " \t\n";         // stray whitespace
                case 3 -> "+" + ts[i] + " +" + v.replace("+", "") + " " + steps[i] + "\n";
                default -> ts[i] + " " + v + " " + steps[i] + "\n";                 // what MLflow writes
            };
            if (line.contains("++") || line.contains("+-") || line.contains("+nan") || line.contains("+inf")) {
                line = ts[i] + " " + v + " " + steps[i] + "\n";
            }
            file.append(line);
            if (rnd.nextInt(40) == 0) {
                file.append("\n"); // blank lines are skipped
            }
        }
        if (rnd.nextBoolean()) {
            file.setLength(file.length() - 1); // no newline after the last line
        }
        Path path = tmp.resolve("m");
        Files.writeString(path, file, StandardCharsets.UTF_8);
        MetricSeries s = MetricFiles.history(path, "run", "m");
        assertEquals(n, s.size());
        for (int i = 0; i < n; i++) {
            assertEquals(ts[i], s.timestamps()[i], "timestamp of line " + (i + 1));
            assertEquals(steps[i], s.steps()[i], "step of line " + (i + 1));
            assertEquals(Double.doubleToLongBits(vs[i]), Double.doubleToLongBits(s.values()[i]),
                    "value of line " + (i + 1) + ": expected " + vs[i] + ", got " + s.values()[i]);
        }
        Metric latest = MetricFiles.latest(path, "m");
        assertEquals(steps[n - 1], latest.step());
        assertEquals(Double.doubleToLongBits(vs[n - 1]), Double.doubleToLongBits(latest.value()));
    }

    @Test
    void malformedLinesAreRefusedWithTheirLineOnEitherPath() throws Exception {
        String[] bad = {"1700000000000 0.5 1 2", "1700000000000 abc 1", "1700000000000 1.5d 1",
                "1700000000000 0x1p3 1", "17000000000x0 0.5 1", "1700000000000 0.5 1.5", "1700000000000 1e 1",
                "1700000000000 0.12345678901234567890 x"};
        for (String line : bad) {
            Path path = tmp.resolve("bad");
            Files.writeString(path, "1700000000000 0.25 0\n" + line + "\n1700000000002 0.75 2\n");
            StoreReadException e = assertThrows(StoreReadException.class, () -> MetricFiles.history(path, "r", "m"),
                    line);
            assertEquals(2, e.line(), line + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("malformed metric line"), e.getMessage());
            assertThrows(StoreReadException.class, () -> MetricFiles.latest(path, "m"), line);
        }
    }

    @Test
    void latestIsTheMaximumByStepThenTimestampThenValueNotTheLastLine() throws Exception {
        Path path = tmp.resolve("m");
        Files.writeString(path, "1700000000005 0.1 7\n1700000000001 0.9 9\n1700000000001 0.95 9\n"
                + "1700000000000 0.3 9\n1700000000009 0.2 3\n");
        Metric latest = MetricFiles.latest(path, "m");
        assertEquals(9, latest.step());
        assertEquals(1700000000001L, latest.timestamp());
        assertEquals(0.95, latest.value());
    }
}
