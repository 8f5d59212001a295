package dev.handoff.runs.source.file;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Emits the flat {@code meta.yaml} documents of MLflow's file store the way MLflow writes them: PyYAML
 * {@code safe_dump(data, default_flow_style=False, allow_unicode=True, sort_keys=True)}. Keys are sorted; strings are
 * plain when PyYAML would leave them plain and single-quoted when they would otherwise read back as another type
 * ({@code '1'}, {@code ''}, {@code 'true'}, {@code '2024-01-01'}) or contain YAML indicators; {@code null};
 * {@code []} for an empty list; integers as digits.
 *
 * <p>Plain or single-quoted is decided by PyYAML's rules (indicator characters, {@code ": "}, {@code " #"}, leading
 * or trailing spaces, implicit int/float/bool/null/timestamp resolution). Two simplifications, both read back
 * identically: PyYAML folds plain strings with spaces beyond 80 columns, this writer keeps them on one line; and
 * characters outside the Basic Multilingual Plane are single-quoted. Control characters (which PyYAML would
 * double-quote with escapes) are refused: MLflow never puts them in {@code meta.yaml}.
 */
final class MlflowYaml {
    private static final Pattern INT = Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    private static final Pattern BOOL_NULL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?.*", Pattern.DOTALL);
    /** Characters that may not start a plain scalar. */
    private static final String FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`";

    private MlflowYaml() {
    }

    /** The document for a flat map of String / Long / Integer / null / empty List values, keys sorted. */
    static String dump(Map<String, ?> data) {
        StringBuilder sb = new StringBuilder(512);
        for (Map.Entry<String, ?> e : new TreeMap<>(data).entrySet()) {
            sb.append(scalar(e.getKey())).append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append(" null");
            } else if (v instanceof List<?> list) {
                if (!list.isEmpty()) {
                    throw new IllegalArgumentException("only empty lists are supported in meta.yaml, key " + e.getKey());
                }
                sb.append(" []");
            } else if (v instanceof Long || v instanceof Integer) {
                sb.append(' ').append(v);
            } else if (v instanceof String s) {
                sb.append(' ').append(scalar(s));
            } else {
                throw new IllegalArgumentException("unsupported meta.yaml value type " + v.getClass() + " for key " + e.getKey());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One string scalar, plain or single-quoted as PyYAML's safe dumper would choose. */
    static String scalar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) c)
                        + " is not allowed in a meta.yaml value: " + s.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return plainAllowed(s) ? s : "'" + s.replace("'", "''") + "'";
    }

    /** PyYAML's {@code Emitter.analyze_scalar} for block context, then its implicit resolvers. */
    private static boolean plainAllowed(String s) {
        if (s.isEmpty() || s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        int n = s.length();
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean followedBySpace = i + 1 == n || s.charAt(i + 1) == ' ';
            if (i == 0) {
                if (FIRST_INDICATORS.indexOf(c) >= 0) {
                    return false;
                }
                if ((c == '?' || c == ':' || c == '-') && followedBySpace) {
                    return false;
                }
            } else {
                if (c == ':' && followedBySpace) {
                    return false;
                }
                if (c == '#' && s.charAt(i - 1) == ' ') {
                    return false;
                }
            }
            if (c == '\ufeff' || (c >= 0x80 && c <= 0x9f) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return !(INT.matcher(s).matches() || FLOAT.matcher(s).matches() || BOOL_NULL.matcher(s).matches()
                || TIMESTAMP.matcher(s).matches() || s.equals("=") || s.equals("<<"));
    }
}
