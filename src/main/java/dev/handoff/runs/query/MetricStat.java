package dev.handoff.runs.query;

import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A summary of a metric's <em>full</em> history, named as in {@code metrics.val_auc.max}: the runs table's summary
 * columns and summary filters. Definitions (each over the whole history, not the run's latest value):
 * <ul>
 *   <li>{@code min}, {@code max}, {@code mean}: over the finite values (NaN and ±Inf left out), as in
 *       {@code SeriesSummary};
 *   <li>{@code first}: the value of the first point by (step, timestamp); {@code last}: MLflow's latest value (the
 *       largest step, then timestamp, then value): what {@code metrics.<key>} alone means;
 *   <li>{@code count}: the number of logged points;
 *   <li>{@code step_of_min}, {@code step_of_max}: the step of the first point holding the min / max;
 *   <li>{@code at_step_<N>}: the value logged at step N (the last point there if logged several times), missing
 *       if the run did not log step N;
 *   <li>{@code best}, {@code step_of_best}: the min or max (and its step) by the metric's goal guessed from its
 *       key (loss → min, auc → max); table columns only, since a filter states its direction with min or max.
 * </ul>
 * An undefined summary (no finite value, no such step) is NaN here and counts as missing: a filter comparison on it
 * does not match.
 */
public record MetricStat(Kind kind, long step) {
    /** The kinds of summary. */
    public enum Kind {
        MIN("min"), MAX("max"), FIRST("first"), LAST("last"), MEAN("mean"), COUNT("count"),
        STEP_OF_MIN("step_of_min"), STEP_OF_MAX("step_of_max"), AT_STEP("at_step_N"),
        BEST("best"), STEP_OF_BEST("step_of_best");

        final String name;

        Kind(String name) {
            this.name = name;
        }
    }

    private static final Pattern AT_STEP = Pattern.compile("at_step_(\\d{1,18})");
    /** What {@link #parse} accepts, for error messages. */
    public static final String KNOWN = "min, max, first, last, mean, count, step_of_min, step_of_max, at_step_<N>, "
            + "best, step_of_best";

    public static MetricStat of(Kind kind) {
        if (kind == Kind.AT_STEP) {
            throw new IllegalArgumentException("at_step needs a step: use at(step)");
        }
        return new MetricStat(kind, -1);
    }

    /** The value at step {@code step}. */
    public static MetricStat at(long step) {
        return new MetricStat(Kind.AT_STEP, step);
    }

    /** Whether {@code name} names a summary ({@link #parse} accepts it). */
    public static boolean isSummary(String name) {
        try {
            parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses a summary name (case-insensitive): one of {@link #KNOWN}.
     *
     * @throws IllegalArgumentException naming the unknown summary and the known ones
     */
    public static MetricStat parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Matcher m = AT_STEP.matcher(n);
        if (m.matches()) {
            return at(Long.parseLong(m.group(1)));
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.AT_STEP && k.name.equals(n)) {
                return of(k);
            }
        }
        throw new IllegalArgumentException("unknown metric summary '" + name + "' (known: " + KNOWN + ")");
    }

    /** Whether the summary needs the metric's goal ({@code best}, {@code step_of_best}). */
    public boolean needsGoal() {
        return kind == Kind.BEST || kind == Kind.STEP_OF_BEST;
    }

    /** The name, e.g. {@code max} or {@code at_step_10}. */
    public String label() {
        return kind == Kind.AT_STEP ? "at_step_" + step : kind.name;
    }

    @Override
    public String toString() {
        return label();
    }

    /** For summaries that need no goal; see {@link #of(MetricSeries, Boolean)}. */
    public double of(MetricSeries series) {
        if (needsGoal()) {
            throw new IllegalArgumentException(label() + " depends on the metric's goal: use min or max");
        }
        return of(series, null);
    }

    /**
     * The summary of {@code series}; NaN when undefined.
     *
     * @param higherIsBetter the metric's goal for {@code best} / {@code step_of_best}: true maximize, false minimize,
     *                       null unknown (then those are NaN)
     */
    public double of(MetricSeries series, Boolean higherIsBetter) {
        double[] v = series.values();
        long[] s = series.steps();
        switch (kind) {
            case COUNT:
                return v.length;
            case FIRST:
                return v.length == 0 ? Double.NaN : v[0];
            case LAST: {
                Metric latest = series.latest();
                return latest == null ? Double.NaN : latest.value();
            }
            case AT_STEP: {
                double found = Double.NaN;
                for (int i = 0; i < s.length && s[i] <= step; i++) {
                    if (s[i] == step) {
                        found = v[i];
                    }
                }
                return found;
            }
            case MEAN: {
                double sum = 0;
                int n = 0;
                for (double d : v) {
                    if (Double.isFinite(d)) {
                        sum += d;
                        n++;
                    }
                }
                return n == 0 ? Double.NaN : sum / n;
            }
            default:
                break;
        }
        boolean max = switch (kind) {
            case MAX, STEP_OF_MAX -> true;
            case MIN, STEP_OF_MIN -> false;
            default -> higherIsBetter != null && higherIsBetter;
        };
        if (needsGoal() && higherIsBetter == null) {
            return Double.NaN;
        }
        int at = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i]) && (at < 0 || (max ? v[i] > v[at] : v[i] < v[at]))) {
                at = i;
            }
        }
        if (at < 0) {
            return Double.NaN;
        }
        boolean wantsStep = kind == Kind.STEP_OF_MIN || kind == Kind.STEP_OF_MAX || kind == Kind.STEP_OF_BEST;
        return wantsStep ? s[at] : v[at];
    }
}
