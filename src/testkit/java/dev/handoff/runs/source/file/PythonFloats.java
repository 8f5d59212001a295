package dev.handoff.runs.source.file;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Python's {@code repr(float)} / {@code f"{x}"} does, which is how MLflow's file store
 * writes metric values: the shortest digit string that reads back as the same double, positional for
 * {@code 1e-4 <= |x| < 1e16} ({@code 0.5}, {@code 3.0}), otherwise scientific with a signed, at least two-digit
 * exponent ({@code 1e-05}, {@code 1.5e+16}); {@code nan}, {@code inf}, {@code -inf}.
 */
final class PythonFloats {
    /** From JDK 19 on, {@link Double#toString(double)} returns the shortest round-tripping digits (JDK-4511638). */
    private static final boolean JDK_SHORTEST = Runtime.version().feature() >= 19;

    private PythonFloats() {
    }

    /**
     * Whether {@code digits} minus its last digit, rounded down or up, still reads back as {@code a}: then JDK 17's
     * {@code Double.toString} was not the shortest (e.g. {@code 4.9E-324} for Python's {@code 5e-324}).
     */
    private static boolean shorterExists(String digits, int decpt, double a) {
        int n = digits.length();
        if (n < 2) {
            return false;
        }
        String down = digits.substring(0, n - 1);
        if (Double.parseDouble("0." + down + "E" + decpt) == a) {
            return true;
        }
        char[] c = down.toCharArray();
        int i = c.length - 1;
        while (i >= 0 && c[i] == '9') {
            c[i--] = '0';
        }
        String up;
        int upDecpt = decpt;
        if (i < 0) {
            up = "1" + new String(c);
            upDecpt++;
        } else {
            c[i]++;
            up = new String(c);
        }
        return Double.parseDouble("0." + up + "E" + upDecpt) == a;
    }

    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        StringBuilder sb = new StringBuilder(24);
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            sb.append('-');
        }
        double a = Math.abs(v);
        if (a == 0) {
            return sb.append("0.0").toString();
        }
        // digits d1d2...dn and decimal point position: a = 0.d1d2...dn * 10^decpt
        String digits;
        int decpt;
        String s = Double.toString(a);
        int e = s.indexOf('E');
        String mant = e < 0 ? s : s.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mant.indexOf('.');
        String raw = mant.substring(0, dot) + mant.substring(dot + 1);
        int lead = 0;
        while (lead < raw.length() - 1 && raw.charAt(lead) == '0') {
            lead++;
        }
        int end = raw.length();
        while (end > lead + 1 && raw.charAt(end - 1) == '0') {
            end--;
        }
        digits = raw.substring(lead, end);
        decpt = dot - lead + exp;
        if (!JDK_SHORTEST && shorterExists(digits, decpt, a)) {
            BigDecimal exact = new BigDecimal(a);
            for (int p = 1; p <= 17; p++) {
                BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
                if (r.doubleValue() == a) {
                    BigDecimal stripped = r.stripTrailingZeros();
                    digits = stripped.unscaledValue().toString();
                    decpt = digits.length() - stripped.scale();
                    break;
                }
            }
        }
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.");
                for (int i = 0; i < -decpt; i++) {
                    sb.append('0');
                }
                sb.append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits);
                for (int i = digits.length(); i < decpt; i++) {
                    sb.append('0');
                }
                sb.append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int x = decpt - 1;
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) {
                sb.append('0');
            }
            sb.append(ax);
        }
        return sb.toString();
    }
}
