package dev.handoff.ui.model;

import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One column of the runs table: how to get a sortable value from a run and how to show it. Shared by the table and
 * its CSV export so both agree.
 *
 * @param id    stable id: {@code name}, {@code status}, ..., {@code params.<key>}, {@code metrics.<key>}
 * @param value the sortable value, or null when the run has none
 */
public record RunColumn(String id, String title, Function<Run, Comparable<?>> value) {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** Name, status, start, duration, user. */
    public static List<RunColumn> fixed() {
        return List.of(
                new RunColumn("name", "Name", Run::displayName),
                new RunColumn("status", "Status", r -> r.info().status().name()),
                new RunColumn("start", "Start", r -> r.info().startTime() < 0 ? null : r.info().startTime()),
                new RunColumn("duration", "Duration", r -> r.info().durationMillis() < 0 ? null : r.info().durationMillis()),
                new RunColumn("user", "User", r -> r.info().userId()));
    }

    public static RunColumn param(String key) {
        return new RunColumn("params." + key, key, r -> ParamValue.of(r.params().get(key)));
    }

    public static RunColumn metric(String key) {
        return new RunColumn("metrics." + key, key, r -> {
            Metric m = r.latestMetrics().get(key);
            return m == null ? null : m.value();
        });
    }

    /** The value as shown in a cell or written to CSV. */
    public String text(Run run) {
        Object v = value.apply(run);
        if (v == null) {
            return "";
        }
        return switch (id) {
            case "start" -> START.format(Instant.ofEpochMilli((Long) v));
            case "duration" -> formatDuration((Long) v);
            default -> v instanceof Double d ? formatNumber(d) : v.toString();
        };
    }

    /** Nulls last, then natural order of the values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Comparator<Comparable<?>> ORDER =
            Comparator.nullsLast((a, b) -> ((Comparable) a).compareTo(b));

    public static String formatNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+(e|$)", "$1");
    }

    static String formatDuration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%dh %02dm", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
