package dev.handoff.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text formatting for terminal tables and CSV. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    static String time(long epochMillis) {
        return epochMillis < 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String duration(long millis) {
        if (millis < 0) {
            return "-";
        }
        long s = millis / 1000;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e9)) {
            return String.format(Locale.ROOT, "%.5e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** RFC 4180 field quoting. */
    static String csv(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Renders rows as an aligned table (first row = header). */
    static String table(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) {
                String cell = r.get(c);
                cells.add(c == cols - 1 ? cell : cell + " ".repeat(width[c] - cell.length()));
            }
            sb.append(String.join("  ", cells).stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
