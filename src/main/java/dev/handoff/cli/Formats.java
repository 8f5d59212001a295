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
        return dev.handoff.runs.ValueText.duration(millis);
    }

    static String number(double v) {
        return dev.handoff.runs.ValueText.number(v);
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
