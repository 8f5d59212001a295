package dev.handoff.runs;

import java.util.Locale;

/** How a run's durations and metric values are written for people: in terminal tables, CSV and reports. */
public final class ValueText {
    private ValueText() {
    }

    /** {@code 2.8s}, {@code 3m 07s}, {@code 1h 05m}; {@code -} for an unknown (negative) duration. */
    public static String duration(long millis) {
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

    /** Six significant digits ({@code 0.887894}), scientific when tiny or huge, {@code nan} / {@code inf} / {@code -inf}. */
    public static String number(double v) {
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
}
