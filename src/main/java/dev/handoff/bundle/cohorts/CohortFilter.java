package dev.handoff.bundle.cohorts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reviewer's cohort definition, parsed from a small filter grammar over the columns of a {@link CohortData}:
 *
 * <pre>
 * expr       := term ('or' term)*
 * term       := factor ('and' factor)*
 * factor     := 'not' factor | '(' expr ')' | comparison
 * comparison := column op value | column 'in' '(' value (',' value)* ')'
 * op         := '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '=' | '==' | '!='
 * value      := number | 'text' | "text"
 * column     := name | `any name`
 * </pre>
 *
 * Numeric columns compare with numbers (a missing value matches nothing but {@code !=}); categorical columns (such
 * as the sensitive group) compare with text by {@code =}, {@code !=} and {@code in}. Keywords are case-insensitive.
 * A malformed filter is an {@link IllegalArgumentException} naming the column at fault and the position.
 */
public final class CohortFilter {
    /** A compiled condition on one row. */
    @FunctionalInterface
    public interface Condition {
        boolean test(CohortData data, int row);
    }

    private final String text;
    private final Condition condition;

    private CohortFilter(String text, Condition condition) {
        this.text = text;
        this.condition = condition;
    }

    /** Parses {@code text} against the columns of {@code data}. */
    public static CohortFilter parse(String text, CohortData data) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty cohort filter");
        }
        Parser p = new Parser(text.strip(), data);
        Condition c = p.expr();
        p.skipSpace();
        if (p.pos < p.s.length()) {
            throw p.error("unexpected '" + p.s.substring(p.pos) + "'");
        }
        return new CohortFilter(text.strip(), c);
    }

    public String text() {
        return text;
    }

    public boolean test(CohortData data, int row) {
        return condition.test(data, row);
    }

    /** The rows of {@code data} in the cohort. */
    public int[] rows(CohortData data) {
        return java.util.stream.IntStream.range(0, data.size()).filter(r -> condition.test(data, r)).toArray();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Quotes a category for a filter: {@code 'B'}, with {@code ''} for a quote inside. */
    public static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A column name as a filter names it: bare when it is a plain identifier, else in backticks. */
    public static String column(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_.]*") && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))
                ? name : "`" + name + "`";
    }

    private static final List<String> KEYWORDS = List.of("and", "or", "not", "in");

    private static final class Parser {
        final String s;
        final CohortData data;
        int pos;

        Parser(String s, CohortData data) {
            this.s = s;
            this.data = data;
        }

        Condition expr() {
            Condition left = term();
            while (keyword("or")) {
                Condition a = left;
                Condition b = term();
                left = (d, r) -> a.test(d, r) || b.test(d, r);
            }
            return left;
        }

        Condition term() {
            Condition left = factor();
            while (keyword("and")) {
                Condition a = left;
                Condition b = factor();
                left = (d, r) -> a.test(d, r) && b.test(d, r);
            }
            return left;
        }

        Condition factor() {
            if (keyword("not")) {
                Condition c = factor();
                return (d, r) -> !c.test(d, r);
            }
            skipSpace();
            if (peek('(')) {
                pos++;
                Condition c = expr();
                expect(')');
                return c;
            }
            return comparison();
        }

        Condition comparison() {
            int at = pos;
            String column = columnName();
            boolean numeric = data.numericNames().contains(column);
            if (!numeric && !data.categorical().containsKey(column)) {
                throw new IllegalArgumentException("unknown column '" + column + "' at position " + (at + 1)
                        + " of \"" + s + "\"; columns: " + data.columns());
            }
            if (keyword("in")) {
                expect('(');
                List<Object> values = new ArrayList<>();
                do {
                    values.add(value(column, numeric, "in"));
                    skipSpace();
                } while (peek(',') && pos++ >= 0);
                expect(')');
                return numeric ? numericIn(column, values) : categoricalIn(column, values);
            }
            String op = operator(column);
            Object value = value(column, numeric, op);
            return numeric ? numeric(column, op, (Double) value) : categorical(column, op, (String) value);
        }

        private Condition numericIn(String column, List<Object> values) {
            int c = data.numericNames().indexOf(column);
            double[] vs = values.stream().mapToDouble(v -> (Double) v).toArray();
            return (d, r) -> {
                double x = d.rows()[r][c];
                for (double v : vs) {
                    if (x == v) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Condition categoricalIn(String column, List<Object> values) {
            List<String> col = data.categorical().get(column);
            List<String> vs = values.stream().map(String.class::cast).toList();
            return (d, r) -> vs.contains(col.get(r));
        }

        private Condition numeric(String column, String op, double v) {
            int c = data.numericNames().indexOf(column);
            return switch (op) {
                case "<" -> (d, r) -> d.rows()[r][c] < v;
                case "<=" -> (d, r) -> d.rows()[r][c] <= v;
                case ">" -> (d, r) -> d.rows()[r][c] > v;
                case ">=" -> (d, r) -> d.rows()[r][c] >= v;
                case "=", "==" -> (d, r) -> d.rows()[r][c] == v;
                default -> (d, r) -> !(d.rows()[r][c] == v);
            };
        }

        private Condition categorical(String column, String op, String v) {
            if (!List.of("=", "==", "!=").contains(op)) {
                throw error("column '" + column + "' is categorical: compare it with =, != or in, not " + op);
            }
            List<String> col = data.categorical().get(column);
            boolean equal = !op.equals("!=");
            return (d, r) -> col.get(r).equals(v) == equal;
        }

        String columnName() {
            skipSpace();
            if (peek('`')) {
                int end = s.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unclosed ` in a column name");
                }
                String name = s.substring(pos + 1, end);
                pos = end + 1;
                return name;
            }
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "_.".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a column name");
            }
            return s.substring(start, pos);
        }

        String operator(String column) {
            skipSpace();
            for (String op : List.of("<=", ">=", "==", "!=", "<", ">", "=")) {
                if (s.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw error("expected a comparison (<, <=, >, >=, =, !=, in) after column '" + column + "'");
        }

        Object value(String column, boolean numeric, String op) {
            skipSpace();
            int at = pos;
            if (peek('\'') || peek('"')) {
                String text = quoted();
                if (numeric) {
                    throw new IllegalArgumentException("column '" + column + "' is numeric: compare it with a number, "
                            + "not the text '" + text + "' (position " + (at + 1) + " of \"" + s + "\")");
                }
                return text;
            }
            int start = pos;
            while (pos < s.length() && "+-.0123456789eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String token = s.substring(start, pos);
            try {
                double v = Double.parseDouble(token);
                if (!numeric) {
                    throw new IllegalArgumentException("column '" + column + "' is categorical: compare it with "
                            + "quoted text such as " + quote(token) + ", not the number " + token);
                }
                return v;
            } catch (NumberFormatException e) {
                throw error("expected a number or quoted text after '" + column + " " + op + "'");
            }
        }

        String quoted() {
            char q = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == q) {
                    if (pos < s.length() && s.charAt(pos) == q) {
                        b.append(q);
                        pos++;
                        continue;
                    }
                    return b.toString();
                }
                b.append(ch);
            }
            throw error("unclosed " + q + " in a text value");
        }

        boolean keyword(String word) {
            skipSpace();
            int end = pos + word.length();
            if (s.regionMatches(true, pos, word, 0, word.length())
                    && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '_')) {
                pos = end;
                return true;
            }
            return false;
        }

        void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at position " + (pos + 1) + " of \"" + s + "\"");
        }
    }
}
