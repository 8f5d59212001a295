package dev.handoff.runs.query;

import dev.handoff.runs.Run;
import dev.handoff.runs.SourceException;

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
 *
 * <p><b>Summary filters</b> (an extension of MLflow's syntax): {@code metrics.<key>.<summary>} compares a summary of
 * the metric's <em>full history</em>, e.g. {@code metrics.val_auc.max > 0.8 and metrics.val_loss.step_of_min < 20};
 * the summaries are {@link MetricStat}'s min, max, first, last, mean, count, step_of_min, step_of_max and
 * at_step_&lt;N&gt; (best / step_of_best are table columns only), with {@code = != < <= > >=} or
 * {@code IS [NOT] NULL}. {@code metrics.<key>} alone keeps MLflow's meaning, the latest value. A key whose last
 * {@code .word} is a summary name is read as that summary; a metric key that itself ends so is quoted
 * ({@code metrics.`acc.max`}), and a quoted key takes a summary after it ({@code metrics.`val auc`.max}). Evaluating
 * a summary needs the histories: {@link #matches(Run, SummaryLookup)}.
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

    private final List<SummaryClause> summaries;

    /** A comparison of a full-history summary: {@code metrics.<key>.<stat> <op> <value>} or IS [NOT] NULL. */
    private record SummaryClause(String key, MetricStat stat, String op, double value) {
        boolean test(double x) {
            return switch (op) {
                case "IS NULL" -> Double.isNaN(x);
                case "IS NOT NULL" -> !Double.isNaN(x);
                default -> !Double.isNaN(x) && compare(x, op, value);
            };
        }

        @Override
        public String toString() {
            return "metrics." + key + "." + stat.label();
        }
    }

    private RunFilter(String source, List<Predicate<Run>> clauses, Set<RunField> fields,
                      List<SummaryClause> summaries, List<Comparison> comparisons) {
        this.source = source;
        this.clauses = List.copyOf(clauses);
        this.fields = Set.copyOf(fields);
        this.summaries = List.copyOf(summaries);
        this.comparisons = List.copyOf(comparisons);
    }

    /** Matches every run. */
    public static RunFilter all() {
        return new RunFilter("", List.of(), Set.of(), List.of(), List.of());
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
        List<SummaryClause> summaries = new ArrayList<>();
        Set<RunField> fields = new LinkedHashSet<>();
        List<Comparison> comparisons = new ArrayList<>();
        do {
            Predicate<Run> c = clause(lx, fields, summaries, comparisons);
            if (c != null) {
                clauses.add(c);
            }
        } while (lx.keyword("AND"));
        if (!lx.atEnd()) {
            if (lx.keyword("OR")) {
                throw lx.error("OR is not supported by MLflow search; use AND");
            }
            throw lx.error("expected AND between comparisons");
        }
        return new RunFilter(filter, clauses, fields, summaries, comparisons);
    }

    /**
     * Parses one comparison; a summary comparison goes to {@code summaries} and null is returned, any other is also
     * recorded in {@code out}.
     */
    private static Predicate<Run> clause(Lexer lx, Set<RunField> fields, List<SummaryClause> summaries,
                                         List<Comparison> out) {
        int start = lx.position();
        RunField field = lx.field();
        SummaryRef ref = field.entity() == RunField.Entity.METRIC ? summary(lx, field) : null;
        if (ref != null) {
            fields.add(new RunField(RunField.Entity.METRIC, ref.key()));
            summaries.add(summaryClause(lx, ref.key(), ref.stat()));
            return null;
        }
        fields.add(field);
        int dot = field.key().lastIndexOf('.');
        if (field.entity() == RunField.Entity.METRIC && dot > 0) {
            // read too, so checkSummaries can tell a mistyped summary (val_auc.mx) from a dotted key (val.auc)
            fields.add(new RunField(RunField.Entity.METRIC, field.key().substring(0, dot)));
        }
        return plainClause(lx, field, out);
    }

    /** A metric key and the summary of it a field names. */
    private record SummaryRef(String key, MetricStat stat) {
    }

    /**
     * The summary a metric field names, or null: after a quoted key a {@code .word} must be a summary; in an
     * unquoted key a last {@code .word} that is a summary name is one.
     */
    private static SummaryRef summary(Lexer lx, RunField field) {
        String key;
        String suffix;
        if (lx.lastKeyQuoted()) {
            suffix = lx.dotSuffix();
            if (suffix == null) {
                return null;
            }
            key = field.key();
        } else {
            int dot = field.key().lastIndexOf('.');
            if (dot <= 0 || !MetricStat.isSummary(field.key().substring(dot + 1))) {
                return null;
            }
            key = field.key().substring(0, dot);
            suffix = field.key().substring(dot + 1);
        }
        MetricStat stat;
        try {
            stat = MetricStat.parse(suffix);
        } catch (IllegalArgumentException e) {
            throw lx.error(e.getMessage() + " in metrics.`" + key + "`." + suffix);
        }
        if (stat.needsGoal()) {
            throw lx.error("metrics." + key + "." + suffix + ": " + stat.label() + " depends on the metric's goal; "
                    + "filter on .max or .min (or .step_of_max / .step_of_min) instead");
        }
        return new SummaryRef(key, stat);
    }

    private static SummaryClause summaryClause(Lexer lx, String key, MetricStat stat) {
        String shown = "metrics." + key + "." + stat.label();
        if (lx.keyword("IS")) {
            boolean not = lx.keyword("NOT");
            if (!lx.keyword("NULL")) {
                throw lx.error("expected NULL after IS");
            }
            return new SummaryClause(key, stat, not ? "IS NOT NULL" : "IS NULL", Double.NaN);
        }
        String op = lx.comparator();
        if (op == null) {
            throw lx.error("a summary (" + shown + ") compares with =, !=, <, <=, >, >= or IS [NOT] NULL");
        }
        Object value = lx.value();
        if (!(value instanceof Double d)) {
            throw lx.error(shown + " is numeric: compare it with a number, not '" + value + "'");
        }
        return new SummaryClause(key, stat, op, d);
    }

    private static Predicate<Run> plainClause(Lexer lx, RunField field, List<Comparison> out) {
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

    /**
     * Whether {@code run} matches, for a filter without summaries.
     *
     * @throws IllegalStateException for a filter with summaries: use {@link #matches(Run, SummaryLookup)}
     */
    @Override
    public boolean test(Run run) {
        if (!summaries.isEmpty()) {
            throw new IllegalStateException("the filter compares full-history summaries (" + summaryFields()
                    + "): evaluate it with the metric histories");
        }
        return plainMatch(run);
    }

    private boolean plainMatch(Run run) {
        for (Predicate<Run> c : clauses) {
            if (!c.test(run)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code run} matches, summaries read through {@code lookup} (only for runs that pass the plain
     * comparisons, and only for metrics the run logged).
     */
    public boolean matches(Run run, SummaryLookup lookup) throws SourceException {
        if (!plainMatch(run)) {
            return false;
        }
        for (SummaryClause c : summaries) {
            double x = run.latestMetrics().containsKey(c.key()) ? lookup.value(run, c.key(), c.stat()) : Double.NaN;
            if (!c.test(x)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the filter compares full-history summaries ({@code metrics.<key>.<summary>}). */
    public boolean hasSummaries() {
        return !summaries.isEmpty();
    }

    /** The summaries compared, e.g. {@code [metrics.val_auc.max]}. */
    public List<String> summaryFields() {
        return summaries.stream().map(SummaryClause::toString).distinct().toList();
    }

    /**
     * Rejects a dotted metric key that is not logged by any run but whose part before the last dot is, as a mistyped
     * summary: {@code metrics.val_auc.mx} when runs log {@code val_auc}.
     *
     * @throws IllegalArgumentException naming the unknown summary and the known ones
     */
    public void checkSummaries(Set<String> loggedMetricKeys) {
        for (RunField f : fields) {
            int dot = f.key().lastIndexOf('.');
            if (f.entity() == RunField.Entity.METRIC && dot > 0 && !loggedMetricKeys.contains(f.key())
                    && loggedMetricKeys.contains(f.key().substring(0, dot))) {
                throw new IllegalArgumentException("invalid search expression \"" + source + "\": unknown metric "
                        + "summary '" + f.key().substring(dot + 1) + "' in " + f + " (known: " + MetricStat.KNOWN
                        + "; best and step_of_best are table columns only)");
            }
        }
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
        return clauses.isEmpty() && summaries.isEmpty();
    }

    @Override
    public String toString() {
        return source.isEmpty() ? "(all runs)" : source;
    }
}
