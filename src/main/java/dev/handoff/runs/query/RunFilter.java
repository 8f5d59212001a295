package dev.handoff.runs.query;

import dev.handoff.runs.Run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * MLflow's run search filter: comparisons joined by {@code AND}, e.g.
 * {@code metrics.rmse < 1 and params.model = 'cart' and tags."team name" LIKE 'risk%' and attributes.status = 'FINISHED'}.
 * Comparators: {@code = != < <= > >=} (numeric for metrics and times), {@code LIKE} / {@code ILIKE} ({@code %} and
 * {@code _}), {@code IN} / {@code NOT IN} ({@code ('a','b')}), {@code IS NULL} / {@code IS NOT NULL}. A run that lacks
 * the metric, param or tag does not match a comparison.
 */
public final class RunFilter implements Predicate<Run> {
    private final String source;
    private final List<Predicate<Run>> clauses;
    private final Set<RunField> fields;
    private final List<Comparison> comparisons;

    /**
     * One parsed comparison, for sources that evaluate filters themselves (e.g. in SQL).
     *
     * @param op     {@code = != < <= > >=}, {@code LIKE}, {@code ILIKE}, {@code NOT LIKE}, {@code NOT ILIKE},
     *               {@code IN}, {@code NOT IN}, {@code IS NULL} or {@code IS NOT NULL}
     * @param values the operand: a {@code Double} for a numeric field, else the text(s) the field's text is compared
     *               with (one for comparators and patterns, the list for IN, none for IS)
     */
    public record Comparison(RunField field, String op, List<Object> values) {
        public Comparison {
            values = List.copyOf(values);
        }
    }

    private RunFilter(String source, List<Predicate<Run>> clauses, Set<RunField> fields, List<Comparison> comparisons) {
        this.source = source;
        this.clauses = List.copyOf(clauses);
        this.fields = Set.copyOf(fields);
        this.comparisons = List.copyOf(comparisons);
    }

    /** Matches every run. */
    public static RunFilter all() {
        return new RunFilter("", List.of(), Set.of(), List.of());
    }

    /**
     * Parses a filter; blank = all runs.
     *
     * @throws IllegalArgumentException naming the filter, the position and what is wrong
     */
    public static RunFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return all();
        }
        Lexer lx = new Lexer(filter);
        List<Predicate<Run>> clauses = new ArrayList<>();
        Set<RunField> fields = new LinkedHashSet<>();
        List<Comparison> comparisons = new ArrayList<>();
        do {
            clauses.add(clause(lx, fields, comparisons));
        } while (lx.keyword("AND"));
        if (!lx.atEnd()) {
            if (lx.keyword("OR")) {
                throw lx.error("OR is not supported by MLflow search; use AND");
            }
            throw lx.error("expected AND between comparisons");
        }
        return new RunFilter(filter, clauses, fields, comparisons);
    }

    private static Predicate<Run> clause(Lexer lx, Set<RunField> fields, List<Comparison> out) {
        int start = lx.position();
        RunField field = lx.field();
        fields.add(field);
        if (lx.keyword("IS")) {
            boolean not = lx.keyword("NOT");
            if (!lx.keyword("NULL")) {
                throw lx.error("expected NULL after IS");
            }
            out.add(new Comparison(field, not ? "IS NOT NULL" : "IS NULL", List.of()));
            return not ? r -> field.text(r) != null : r -> field.text(r) == null;
        }
        boolean not = lx.keyword("NOT");
        if (lx.keyword("IN")) {
            List<String> values = list(lx);
            out.add(new Comparison(field, not ? "NOT IN" : "IN", List.copyOf(values)));
            return not ? r -> {
                String v = field.text(r);
                return v != null && !values.contains(v);
            } : r -> values.contains(field.text(r));
        }
        if (not) {
            if (lx.keyword("LIKE")) {
                String pattern = string(lx, "NOT LIKE");
                out.add(new Comparison(field, "NOT LIKE", List.of(pattern)));
                Pattern p = like(pattern, false);
                return r -> {
                    String v = field.text(r);
                    return v != null && !p.matcher(v).matches();
                };
            }
            if (lx.keyword("ILIKE")) {
                String pattern = string(lx, "NOT ILIKE");
                out.add(new Comparison(field, "NOT ILIKE", List.of(pattern)));
                Pattern p = like(pattern, true);
                return r -> {
                    String v = field.text(r);
                    return v != null && !p.matcher(v).matches();
                };
            }
            throw lx.error("expected IN, LIKE or ILIKE after NOT");
        }
        boolean like = lx.keyword("LIKE");
        boolean ilike = !like && lx.keyword("ILIKE");
        if (like || ilike) {
            boolean insensitive = ilike;
            if (field.numeric()) {
                throw lx.error("LIKE does not apply to the numeric field " + field);
            }
            String pattern = string(lx, "LIKE");
            out.add(new Comparison(field, insensitive ? "ILIKE" : "LIKE", List.of(pattern)));
            Pattern p = like(pattern, insensitive);
            return r -> {
                String v = field.text(r);
                return v != null && p.matcher(v).matches();
            };
        }
        String op = lx.comparator();
        if (op == null) {
            throw lx.error("expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, IS) after " + field);
        }
        Object value = lx.value();
        if (field.numeric()) {
            if (!(value instanceof Double)) {
                throw lx.error(field + " is numeric: compare it with a number, not '" + value + "'");
            }
            double v = (Double) value;
            out.add(new Comparison(field, op, List.of(v)));
            return r -> {
                Double x = field.number(r);
                return x != null && compare(x, op, v);
            };
        }
        String v = value instanceof Double d ? numberText(d) : (String) value;
        if (!op.equals("=") && !op.equals("!=") && !(value instanceof String)) {
            throw lx.error("compare " + field + " with a quoted string");
        }
        out.add(new Comparison(field, op, List.of(v)));
        return r -> {
            String x = field.text(r);
            if (x == null) {
                return false;
            }
            int c = x.compareTo(v);
            switch (op) {
                case "=": return c == 0;
                case "!=": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                default: return c >= 0;
            }
        };
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean compare(double x, String op, double v) {
        switch (op) {
            case "=": return x == v;
            case "!=": return x != v;
            case "<": return x < v;
            case "<=": return x <= v;
            case ">": return x > v;
            default: return x >= v;
        }
    }

    private static String string(Lexer lx, String after) {
        Object v = lx.value();
        if (!(v instanceof String s)) {
            throw lx.error("expected a quoted pattern after " + after);
        }
        return s;
    }

    private static List<String> list(Lexer lx) {
        if (!lx.symbol('(')) {
            throw lx.error("expected '(' after IN");
        }
        List<String> out = new ArrayList<>();
        do {
            Object v = lx.value();
            out.add(v instanceof Double d ? numberText(d) : (String) v);
        } while (lx.symbol(','));
        if (!lx.symbol(')')) {
            throw lx.error("expected ')' to close the IN list");
        }
        return out;
    }

    /** SQL LIKE: {@code %} any run, {@code _} one character, everything else literal. */
    public static Pattern like(String pattern, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%' || c == '_') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(re.toString(), flags);
    }

    @Override
    public boolean test(Run run) {
        for (Predicate<Run> c : clauses) {
            if (!c.test(run)) {
                return false;
            }
        }
        return true;
    }

    /** The fields the filter reads (a source needs to load only these to evaluate it). */
    public Set<RunField> fields() {
        return fields;
    }

    /** The comparisons, in the filter's order; all of them must hold (MLflow has only AND). */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    public boolean matchesAll() {
        return clauses.isEmpty();
    }

    @Override
    public String toString() {
        return source.isEmpty() ? "(all runs)" : source;
    }
}
