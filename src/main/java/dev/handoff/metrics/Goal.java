package dev.handoff.metrics;

import java.util.List;
import java.util.Locale;

/** Whether lower or higher values of a metric are better, guessed from its key. */
public enum Goal {
    MINIMIZE, MAXIMIZE, UNKNOWN;

    private static final List<String> LOWER_IS_BETTER = List.of("loss", "error", "rmse", "mae", "mse");
    private static final List<String> HIGHER_IS_BETTER = List.of("acc", "auc", "f1", "precision", "recall", "r2");

    /**
     * {@link #MINIMIZE} for keys containing loss/error/rmse/mae/mse, {@link #MAXIMIZE} for acc/auc/f1/precision/
     * recall/r2 (case-insensitive, minimize checked first), else {@link #UNKNOWN}.
     */
    public static Goal forKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (LOWER_IS_BETTER.stream().anyMatch(k::contains)) {
            return MINIMIZE;
        }
        if (HIGHER_IS_BETTER.stream().anyMatch(k::contains)) {
            return MAXIMIZE;
        }
        return UNKNOWN;
    }
}
