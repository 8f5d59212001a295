package dev.handoff.ui.model;

import dev.handoff.runs.Run;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The runs table's quick filter: every whitespace-separated word must occur (case-insensitive) in the run's name,
 * id, user, status, or a param key or value.
 */
public final class QuickFilter {
    private QuickFilter() {
    }

    public static Predicate<Run> of(String text) {
        String[] words = text == null ? new String[0] : text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        return run -> {
            String hay = haystack(run);
            for (String w : words) {
                if (!w.isEmpty() && !hay.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static String haystack(Run run) {
        StringBuilder sb = new StringBuilder(run.displayName()).append('\n').append(run.id()).append('\n')
                .append(run.info().userId()).append('\n').append(run.info().status().name());
        run.params().forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
