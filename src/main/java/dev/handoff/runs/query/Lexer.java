package dev.handoff.runs.query;

import java.util.Locale;

/** A small hand-written lexer for MLflow's search filter and order-by syntax. Errors quote the input and position. */
final class Lexer {
    private final String src;
    private int pos;
    /** Whether the key of the field {@link #field} read last was quoted. */
    private boolean quotedKey;

    Lexer(String src) {
        this.src = src;
    }

    boolean atEnd() {
        skipSpace();
        return pos >= src.length();
    }

    int position() {
        return pos;
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException("invalid search expression \"" + src + "\" at position " + (pos + 1) + ": " + message);
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    /** Consumes the keyword (case-insensitive, whole word) if it is next. */
    boolean keyword(String kw) {
        skipSpace();
        int end = pos + kw.length();
        if (end <= src.length() && src.regionMatches(true, pos, kw, 0, kw.length())
                && (end == src.length() || !isWordChar(src.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    boolean symbol(char c) {
        skipSpace();
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** One of =, !=, <>, <, <=, >, >=, or null. */
    String comparator() {
        skipSpace();
        for (String op : new String[]{"<=", ">=", "!=", "<>", "=", "<", ">"}) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return op.equals("<>") ? "!=" : op;
            }
        }
        return null;
    }

    /** A field: optional entity prefix then key; keys may be quoted with backticks or double quotes. */
    RunField field() {
        skipSpace();
        quotedKey = false;
        int start = pos;
        if (pos >= src.length()) {
            throw error("expected a field such as metrics.<key>, params.<key>, tags.<key> or an attribute");
        }
        String first;
        char c = src.charAt(pos);
        if (c == '`' || c == '"') {
            first = quoted(c);
            quotedKey = true;
            return RunField.of(null, first);
        }
        int dot = -1;
        while (pos < src.length() && isWordChar(src.charAt(pos))) {
            if (src.charAt(pos) == '.' && dot < 0) {
                dot = pos;
                if (pos + 1 < src.length() && (src.charAt(pos + 1) == '`' || src.charAt(pos + 1) == '"')) {
                    String prefix = src.substring(start, dot);
                    pos++;
                    String key = quoted(src.charAt(pos));
                    quotedKey = true;
                    return wrap(() -> RunField.of(prefix, key), start);
                }
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a field name");
        }
        String word = src.substring(start, pos);
        if (dot < 0) {
            return wrap(() -> RunField.of(null, word), start);
        }
        String prefix = src.substring(start, dot);
        String key = src.substring(dot + 1, pos);
        if (key.isEmpty()) {
            pos = dot + 1;
            throw error("missing key after '" + prefix + ".'");
        }
        return wrap(() -> RunField.of(prefix, key), start);
    }

    boolean lastKeyQuoted() {
        return quotedKey;
    }

    /** A {@code .word} right after a quoted key (no space between), e.g. the summary of metrics.`a b`.max; or null. */
    String dotSuffix() {
        if (pos >= src.length() || src.charAt(pos) != '.') {
            return null;
        }
        int start = ++pos;
        while (pos < src.length() && isWordChar(src.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a summary name after '.'");
        }
        return src.substring(start, pos);
    }

    private RunField wrap(java.util.function.Supplier<RunField> s, int start) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            pos = start;
            throw error(e.getMessage());
        }
    }

    private String quoted(char q) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char ch = src.charAt(pos++);
            if (ch == q) {
                if (pos < src.length() && src.charAt(pos) == q) { // doubled quote = literal quote
                    sb.append(q);
                    pos++;
                    continue;
                }
                return sb.toString();
            }
            if (ch == '\\' && pos < src.length()) {
                sb.append(src.charAt(pos++));
                continue;
            }
            sb.append(ch);
        }
        pos = start;
        throw error("unterminated " + q + "quoted text");
    }

    /** A string literal ('..' or "..") or a number; returns a String or a Double. */
    Object value() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("expected a value");
        }
        char c = src.charAt(pos);
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        int start = pos;
        while (pos < src.length() && !Character.isWhitespace(src.charAt(pos)) && src.charAt(pos) != ')' && src.charAt(pos) != ',') {
            pos++;
        }
        String word = src.substring(start, pos);
        try {
            return Double.parseDouble(word);
        } catch (NumberFormatException e) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("nan")) {
                return Double.NaN;
            }
            if (w.equals("inf") || w.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (w.equals("-inf") || w.equals("-infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            pos = start;
            throw error("expected a quoted string or a number, got '" + word + "'");
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
    }
}
