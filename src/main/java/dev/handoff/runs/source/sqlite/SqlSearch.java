package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.query.RunField;
import dev.handoff.runs.query.RunFilter;
import dev.handoff.runs.query.RunOrdering;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MLflow's run filter and order-by compiled to SQL over MLflow's tables ({@code runs} as {@code r}, {@code params},
 * {@code tags}, {@code latest_metrics}), so the database filters, orders and pages and only a page of runs is loaded.
 *
 * <p>The meaning is exactly that of {@link RunFilter} and {@link RunOrdering} on loaded runs (which the file store
 * uses and the peer tests check against MLflow): a run that lacks a field matches no comparison; a NaN metric matches
 * only {@code !=}; missing and NaN values order last in either direction; ties fall back to {@code start_time DESC,
 * run_id}. Text is compared and ordered as Java compares strings (collation {@value #COLLATION}), and LIKE / ILIKE use
 * the filter's own patterns (function {@value #LIKE}), so SQLite's ASCII-only case folding never applies. Both are
 * registered on the connection by {@link #register}.
 *
 * <p>What is not compiled returns empty from {@link #compile}, and the caller evaluates the query in memory: string
 * operators (IN, LIKE, text comparison) on metrics, a comparison with an infinite or NaN number (the store keeps
 * ±infinity as ±Double.MAX_VALUE), summary filters on full histories ({@code metrics.auc.max}) and a dotted metric
 * key (which may be a mistyped summary).
 */
final class SqlSearch {
    static final String COLLATION = "hw_java";
    static final String LIKE = "hw_like";

    private static final String RUN_NAME = "COALESCE(NULLIF(r.name, ''), NULLIF((SELECT x.value FROM tags x "
            + "WHERE x.run_uuid = r.run_uuid AND x.key = 'mlflow.runName'), ''), r.run_uuid)";

    /** The default order's tie-break: newest first (a missing start time as -1, as the loaded run has it), then id. */
    static final String DEFAULT_ORDER = "COALESCE(r.start_time, -1) DESC, r.run_uuid COLLATE " + COLLATION;

    /**
     * A compiled query.
     *
     * @param where   conditions over {@code r}, to AND with the experiment and view-type ones ({@code 1} for none)
     * @param args    the values bound by {@code where}, in order
     * @param orderBy the ORDER BY list, ending with the default order
     * @param orderArgs the values bound by {@code orderBy}, in order
     */
    record Plan(String where, List<Object> args, String orderBy, List<Object> orderArgs) {
    }

    private SqlSearch() {
    }

    /** The plan for {@code filter} and {@code order}, or empty when part of them is evaluated in memory only. */
    static Optional<Plan> compile(RunFilter filter, List<RunOrdering.Key> order) {
        if (filter.hasSummaries()) {
            return Optional.empty();
        }
        List<Object> args = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (RunFilter.Comparison c : filter.comparisons()) {
            String sql = condition(c, args);
            if (sql == null) {
                return Optional.empty();
            }
            conditions.add(sql);
        }
        List<Object> orderArgs = new ArrayList<>();
        List<String> orderBy = new ArrayList<>();
        for (RunOrdering.Key k : order) {
            RunField f = k.field();
            String e = f.numeric() ? number(f, orderArgs) : text(f, orderArgs);
            if (e == null) {
                return Optional.empty();
            }
            orderBy.add("(" + e + ")" + (f.numeric() ? "" : " COLLATE " + COLLATION)
                    + (k.descending() ? " DESC" : "") + " NULLS LAST");
        }
        orderBy.add(DEFAULT_ORDER);
        return Optional.of(new Plan(conditions.isEmpty() ? "1" : String.join(" AND ", conditions), args,
                String.join(", ", orderBy), orderArgs));
    }

    private static String condition(RunFilter.Comparison c, List<Object> args) {
        RunField f = c.field();
        String op = c.op();
        if (f.entity() == RunField.Entity.METRIC && f.key().contains(".")) {
            return null; // maybe a mistyped summary (metrics.auc.mx), which the in-memory search names
        }
        if (f.entity() == RunField.Entity.METRIC) {
            return metricCondition(f, op, c.values(), args);
        }
        if (text(f, new ArrayList<>()) == null) {
            return null;
        }
        switch (op) {
            case "IS NULL":
            case "IS NOT NULL":
                return "(" + text(f, args) + ") " + op;
            case "IN":
            case "NOT IN": {
                String e = text(f, args);
                args.addAll(c.values());
                return "(" + e + ") " + op + " (" + String.join(", ", Collections.nCopies(c.values().size(), "?")) + ")";
            }
            case "LIKE":
            case "ILIKE":
            case "NOT LIKE":
            case "NOT ILIKE": {
                String e = text(f, args);
                args.add(c.values().get(0));
                args.add(op.endsWith("ILIKE") ? 1 : 0);
                return LIKE + "(" + e + ", ?, ?) = " + (op.startsWith("NOT") ? 0 : 1);
            }
            default: {
                Object v = c.values().get(0);
                if (f.numeric()) {
                    if (!finite(v)) {
                        return null;
                    }
                    String e = number(f, args);
                    args.add(v);
                    return "(" + e + ") " + sqlOp(op) + " ?";
                }
                String e = text(f, args);
                args.add(v);
                boolean ordered = !op.equals("=") && !op.equals("!=");
                return "(" + e + ")" + (ordered ? " COLLATE " + COLLATION : "") + " " + sqlOp(op) + " ?";
            }
        }
    }

    /** A latest-metric comparison; string operators on a metric are left to the in-memory search. */
    private static String metricCondition(RunField f, String op, List<Object> values, List<Object> args) {
        String row = "SELECT 1 FROM latest_metrics x WHERE x.run_uuid = r.run_uuid AND x.key = ?";
        switch (op) {
            case "IS NULL":
                args.add(f.key());
                return "NOT EXISTS (" + row + ")";
            case "IS NOT NULL":
                args.add(f.key());
                return "EXISTS (" + row + ")";
            case "=": case "<": case "<=": case ">": case ">=": case "!=": {
                Object v = values.get(0);
                if (!finite(v)) {
                    return null;
                }
                args.add(f.key());
                args.add(v);
                // NaN (is_nan, stored as 0) is unequal to every number and neither smaller nor larger
                return "EXISTS (" + row + (op.equals("!=") ? " AND (x.is_nan OR x.value <> ?))"
                        : " AND NOT x.is_nan AND x.value " + op + " ?)");
            }
            default:
                return null;
        }
    }

    private static boolean finite(Object v) {
        return v instanceof Double d && Double.isFinite(d) && Math.abs(d) < Double.MAX_VALUE;
    }

    private static String sqlOp(String op) {
        return op.equals("!=") ? "<>" : op;
    }

    /** The field's number (null when the run lacks it or it is NaN), binding its key into {@code args}. */
    private static String number(RunField f, List<Object> args) {
        switch (f.entity()) {
            case METRIC:
                args.add(f.key());
                return "(SELECT CASE WHEN x.is_nan THEN NULL ELSE x.value END FROM latest_metrics x "
                        + "WHERE x.run_uuid = r.run_uuid AND x.key = ?)";
            case ATTRIBUTE:
                switch (f.key()) {
                    case "start_time": return "CASE WHEN r.start_time >= 0 THEN r.start_time END";
                    case "end_time": return "CASE WHEN r.end_time >= 0 THEN r.end_time END";
                    case "duration": return "CASE WHEN r.start_time >= 0 AND r.end_time >= 0 "
                            + "THEN r.end_time - r.start_time END";
                    default: return null;
                }
            default:
                return null;
        }
    }

    /** The field's text as a loaded run gives it (null when the run lacks it), binding its key into {@code args}. */
    private static String text(RunField f, List<Object> args) {
        switch (f.entity()) {
            case PARAM:
            case TAG:
                args.add(f.key());
                return "(SELECT COALESCE(x.value, '') FROM " + (f.entity() == RunField.Entity.PARAM ? "params" : "tags")
                        + " x WHERE x.run_uuid = r.run_uuid AND x.key = ?)";
            case ATTRIBUTE:
                switch (f.key()) {
                    case "run_id": return "r.run_uuid";
                    case "run_name": return RUN_NAME;
                    case "status": return "r.status";
                    case "user_id": return "COALESCE(r.user_id, '')";
                    case "artifact_uri": return "COALESCE(r.artifact_uri, '')";
                    case "lifecycle_stage": return "r.lifecycle_stage";
                    case "experiment_id": return "CAST(r.experiment_id AS TEXT)";
                    default: {
                        String n = number(f, args);
                        return n == null ? null : "CAST(" + n + " AS TEXT)";
                    }
                }
            default:
                return null;
        }
    }

    /**
     * The run rows whose values the loaded runs would read differently from the compiled SQL (a status or lifecycle
     * stage not in MLflow's spelling, a time that is not an integer): when any is among the searched runs, the search
     * runs in memory, where such a row is read leniently or reported as a problem.
     */
    static final String IRREGULAR_ROW = "(r.status IS NULL OR r.status NOT IN "
            + "('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED') "
            + "OR r.lifecycle_stage IS NULL OR r.lifecycle_stage NOT IN ('active', 'deleted') "
            + "OR typeof(r.start_time) NOT IN ('integer', 'null') OR typeof(r.end_time) NOT IN ('integer', 'null'))";

    /** Registers the collation and LIKE function the plans use on {@code c}. */
    static void register(Connection c) throws SQLException {
        org.sqlite.Collation.create(c, COLLATION, new org.sqlite.Collation() {
            @Override
            protected int xCompare(String a, String b) {
                return a.compareTo(b);
            }
        });
        org.sqlite.Function.create(c, LIKE, new LikeFunction(), 3, org.sqlite.Function.FLAG_DETERMINISTIC);
    }

    /** {@code hw_like(value, pattern, caseInsensitive)}: 1 or 0, null for a null value. */
    private static final class LikeFunction extends org.sqlite.Function {
        private final Map<String, Pattern> patterns = new HashMap<>();

        @Override
        protected void xFunc() throws SQLException {
            String value = value_text(0);
            if (value == null) {
                result();
                return;
            }
            boolean insensitive = value_int(2) != 0;
            Pattern p = patterns.computeIfAbsent((insensitive ? "i:" : "s:") + value_text(1),
                    k -> RunFilter.like(k.substring(2), insensitive));
            result(p.matcher(value).matches() ? 1 : 0);
        }
    }
}
