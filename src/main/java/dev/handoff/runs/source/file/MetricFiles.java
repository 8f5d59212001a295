package dev.handoff.runs.source.file;

import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Byte-level parser of MLflow metric files: one point per line, {@code timestamp value step} (MLflow also accepts
 * 2 fields, step 0, from very old stores, and 5 fields in 3.x: {@code ... dataset_name dataset_digest}). Values may be
 * {@code nan}, {@code inf}, {@code -inf}. A malformed line is an error naming the file and line, as MLflow's own reader
 * refuses it.
 */
final class MetricFiles {
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private MetricFiles() {
    }

    /** Receives each parsed point. */
    private interface PointSink {
        void accept(long timestamp, double value, long step);
    }

    /** The latest point by MLflow's (step, timestamp, value) order, or null for an empty file. */
    static Metric latest(Path file, String key) throws StoreReadException {
        byte[] b = StoreFiles.readBytes(file);
        long[] best = {Long.MIN_VALUE, Long.MIN_VALUE};
        double[] bestValue = {Double.NaN};
        boolean[] any = {false};
        parse(file, b, (t, v, s) -> {
            if (!any[0] || s > best[0] || (s == best[0] && (t > best[1] || (t == best[1] && Double.compare(v, bestValue[0]) > 0)))) {
                any[0] = true;
                best[0] = s;
                best[1] = t;
                bestValue[0] = v;
            }
        });
        return any[0] ? new Metric(key, bestValue[0], best[1], best[0]) : null;
    }

    /** Every point, sorted by (step, timestamp) — stable, so equal points keep file order. */
    static MetricSeries history(Path file, String runId, String key) throws StoreReadException {
        byte[] b = StoreFiles.readBytes(file);
        int capacity = Math.max(16, b.length / 24);
        long[][] steps = {new long[capacity]};
        double[][] values = {new double[capacity]};
        long[][] times = {new long[capacity]};
        int[] n = {0};
        parse(file, b, (t, v, s) -> {
            if (n[0] == steps[0].length) {
                int cap = steps[0].length * 2;
                steps[0] = Arrays.copyOf(steps[0], cap);
                values[0] = Arrays.copyOf(values[0], cap);
                times[0] = Arrays.copyOf(times[0], cap);
            }
            steps[0][n[0]] = s;
            values[0][n[0]] = v;
            times[0][n[0]] = t;
            n[0]++;
        });
        return MetricSeries.sorted(runId, key, Arrays.copyOf(steps[0], n[0]), Arrays.copyOf(values[0], n[0]), Arrays.copyOf(times[0], n[0]));
    }

    private static void parse(Path file, byte[] b, PointSink sink) throws StoreReadException {
        int line = 0;
        int pos = 0;
        int len = b.length;
        int[] fieldStart = new int[6];
        int[] fieldEnd = new int[6];
        FastLine fast = new FastLine();
        while (pos < len) {
            line++;
            int next = fast.parse(b, pos, len);
            if (next >= 0) {
                sink.accept(fast.timestamp, fast.value, fast.step);
                pos = next;
                continue;
            }
            int end = pos;
            while (end < len && b[end] != '\n') {
                end++;
            }
            int lineEnd = end > pos && b[end - 1] == '\r' ? end - 1 : end;
            int s = pos;
            int e = lineEnd;
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            if (s < e) {
                int fields = 0;
                int i = s;
                while (i <= e) {
                    int fs = i;
                    while (i < e && b[i] != ' ') {
                        i++;
                    }
                    if (fields < 6) {
                        fieldStart[fields] = fs;
                        fieldEnd[fields] = i;
                    }
                    fields++;
                    i++;
                }
                if (fields != 2 && fields != 3 && fields != 5) {
                    throw new StoreReadException(file, line, "malformed metric line '" + text(b, pos, lineEnd)
                            + "': expected 'timestamp value step' (2, 3 or 5 space-separated fields), found " + fields);
                }
                long timestamp = parseLong(file, line, b, fieldStart[0], fieldEnd[0], "timestamp", pos, lineEnd);
                double value = parseDouble(file, line, b, fieldStart[1], fieldEnd[1], pos, lineEnd);
                long step = fields >= 3 ? parseLong(file, line, b, fieldStart[2], fieldEnd[2], "step", pos, lineEnd) : 0;
                sink.accept(timestamp, value, step);
            }
            pos = end + 1;
        }
    }

    /**
     * One pass over the common line {@code <digits> <decimal> <digits>\n} (what MLflow writes): the timestamp and
     * step as non-negative whole numbers of at most 18 digits, the value as {@code [-]digits[.digits]} with at most
     * 15 significant digits and no exponent, converted exactly as {@link #parseDouble} does. Anything else (signs,
     * exponents, nan/inf, long mantissas, \r, tabs, extra spaces, 2 or 5 fields, a malformed line) returns -1 and
     * the line goes through the general parser, so results and errors are the same either way.
     */
    private static final class FastLine {
        long timestamp;
        double value;
        long step;

        /** Parses the line at {@code pos}; returns the offset after its newline (or {@code len}), or -1. */
        int parse(byte[] b, int pos, int len) {
            int i = pos;
            long t = 0;
            int start = i;
            while (i < len) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                t = t * 10 + d;
                i++;
            }
            if (i == start || i - start > 18 || i >= len || b[i] != ' ') {
                return -1;
            }
            i++;
            boolean neg = false;
            if (i < len && b[i] == '-') {
                neg = true;
                i++;
            }
            long mant = 0;
            int digits = 0;
            int scale = 0;
            boolean sawDigit = false;
            while (i < len) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                sawDigit = true;
                if (mant != 0 || d != 0) {
                    if (++digits > 15) {
                        return -1;
                    }
                    mant = mant * 10 + d;
                }
                i++;
            }
            if (i < len && b[i] == '.') {
                i++;
                while (i < len) {
                    int d = b[i] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    sawDigit = true;
                    scale--;
                    if (mant != 0 || d != 0) {
                        if (++digits > 15) {
                            return -1;
                        }
                        mant = mant * 10 + d;
                    }
                    i++;
                }
            }
            if (!sawDigit || scale < -22 || i >= len || b[i] != ' ') {
                return -1;
            }
            i++;
            long s = 0;
            start = i;
            while (i < len) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                s = s * 10 + d;
                i++;
            }
            if (i == start || i - start > 18 || (i < len && b[i] != '\n')) {
                return -1;
            }
            timestamp = t;
            step = s;
            if (mant == 0) {
                value = neg ? -0.0 : 0.0;
            } else {
                double v = scale < 0 ? mant / POW10[-scale] : mant;
                value = neg ? -v : v;
            }
            return i < len ? i + 1 : len;
        }
    }

    /** {@code [+-]digits[.digits][(e|E)[+-]digits]} with at least one digit before the exponent. */
    private static boolean plainDecimal(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int expDigits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == to;
    }

    private static String text(byte[] b, int from, int to) {
        String s = new String(b, from, Math.min(to - from, 120), StandardCharsets.UTF_8);
        return to - from > 120 ? s + "…" : s;
    }

    private static long parseLong(Path file, int line, byte[] b, int from, int to, String what, int ls, int le)
            throws StoreReadException {
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        if (i >= to || to - i > 18) {
            return slowLong(file, line, b, from, to, what, ls, le);
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return slowLong(file, line, b, from, to, what, ls, le);
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    private static long slowLong(Path file, int line, byte[] b, int from, int to, String what, int ls, int le)
            throws StoreReadException {
        String t = new String(b, from, to - from, StandardCharsets.UTF_8);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new StoreReadException(file, line, "malformed metric line '" + text(b, ls, le) + "': " + what
                    + " '" + t + "' is not a whole number");
        }
    }

    private static double parseDouble(Path file, int line, byte[] b, int from, int to, int ls, int le)
            throws StoreReadException {
        // Fast exact path (Clinger): up to 15 significant digits and a power of ten within 10^22.
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int scale = 0;
        boolean sawDigit = false;
        boolean fast = true;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            sawDigit = true;
            if (mant == 0 && d == 0) {
                continue; // leading zeros
            }
            if (digits >= 15) {
                fast = false;
                break;
            }
            mant = mant * 10 + d;
            digits++;
        }
        if (fast && i < to && b[i] == '.') {
            // the dot itself: continue reading fraction digits
            i++;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                sawDigit = true;
                if (mant == 0 && d == 0) {
                    scale--;
                    continue;
                }
                if (digits >= 15) {
                    fast = false;
                    break;
                }
                mant = mant * 10 + d;
                digits++;
                scale--;
            }
        }
        if (fast && sawDigit && i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                eneg = b[i] == '-';
                i++;
            }
            int exp = 0;
            int expDigits = 0;
            for (; i < to && expDigits < 4; i++, expDigits++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                exp = exp * 10 + d;
            }
            if (expDigits == 0) {
                fast = false;
            }
            scale += eneg ? -exp : exp;
        }
        if (fast && sawDigit && i == to) {
            if (mant == 0) {
                return neg ? -0.0 : 0.0;
            }
            if (scale >= -22 && scale <= 22) {
                double v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
                return neg ? -v : v;
            }
        }
        if (plainDecimal(b, from, to)) {
            // a plain decimal the exact fast path can't do (more than 15 digits, as Python's repr writes, or a
            // large exponent): Eisel-Lemire, exact like Double.parseDouble, without a String per value
            try {
                return JavaDoubleParser.parseDouble(b, from, to - from);
            } catch (NumberFormatException e) {
                // not a number after all: the checks below name it
            }
        }
        String t = new String(b, from, to - from, StandardCharsets.UTF_8);
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": case "+nan": case "-nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // what Python's float() reads and MLflow writes is covered above; Java-only forms (hex, 1.5d) are not numbers
        throw new StoreReadException(file, line, "malformed metric line '" + text(b, ls, le) + "': value '" + t
                + "' is not a number");
    }
}
