package dev.handoff.runs.query;

import dev.handoff.runs.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * MLflow's {@code order_by} clauses ({@code metrics.acc DESC}, {@code params.lr}, {@code attributes.start_time ASC}) as
 * a comparator. Runs that lack the ordered field come last whatever the direction; ties fall back to
 * {@code start_time DESC, run_id}, MLflow's default order.
 */
public final class RunOrdering {
    private static final Comparator<Run> DEFAULT = Comparator
            .comparingLong((Run r) -> r.info().startTime()).reversed()
            .thenComparing(Run::id);

    private RunOrdering() {
    }

    /** The default order: newest first. */
    public static Comparator<Run> defaultOrder() {
        return DEFAULT;
    }

    /**
     * Parses order-by clauses; an empty list gives the default order.
     *
     * @throws IllegalArgumentException naming the clause and what is wrong
     */
    public static Comparator<Run> parse(List<String> clauses) {
        List<Comparator<Run>> parts = new ArrayList<>();
        for (String clause : clauses == null ? List.<String>of() : clauses) {
            if (clause == null || clause.isBlank()) {
                continue;
            }
            parts.add(clause(clause));
        }
        Comparator<Run> c = null;
        for (Comparator<Run> p : parts) {
            c = c == null ? p : c.thenComparing(p);
        }
        return c == null ? DEFAULT : c.thenComparing(DEFAULT);
    }

    /**
     * The fields order-by {@code clauses} read, besides the default order's start time and run id.
     *
     * @throws IllegalArgumentException for a clause that does not start with a field
     */
    public static Set<RunField> fields(List<String> clauses) {
        Set<RunField> fields = new LinkedHashSet<>();
        for (String clause : clauses == null ? List.<String>of() : clauses) {
            if (clause != null && !clause.isBlank()) {
                fields.add(new Lexer(clause).field());
            }
        }
        return fields;
    }

    /** One parsed order-by clause, for sources that order runs themselves (e.g. in SQL). */
    public record Key(RunField field, boolean descending) {
    }

    /**
     * Parses order-by clauses into keys (blank clauses skipped); the default order follows them as the tie-break.
     *
     * @throws IllegalArgumentException naming the clause and what is wrong
     */
    public static List<Key> keys(List<String> clauses) {
        List<Key> keys = new ArrayList<>();
        for (String clause : clauses == null ? List.<String>of() : clauses) {
            if (clause != null && !clause.isBlank()) {
                keys.add(key(clause));
            }
        }
        return keys;
    }

    private static Key key(String clause) {
        Lexer lx = new Lexer(clause);
        RunField field = lx.field();
        boolean descending = false;
        if (lx.keyword("DESC")) {
            descending = true;
        } else {
            lx.keyword("ASC");
        }
        if (!lx.atEnd()) {
            throw new IllegalArgumentException("invalid order_by clause \"" + clause
                    + "\": expected '<field> [ASC|DESC]', e.g. 'metrics.accuracy DESC'");
        }
        return new Key(field, descending);
    }

    private static Comparator<Run> clause(String clause) {
        Key key = key(clause);
        RunField field = key.field();
        boolean desc = key.descending();
        if (field.numeric()) {
            return (a, b) -> {
                Double x = field.number(a);
                Double y = field.number(b);
                boolean xm = x == null || x.isNaN();
                boolean ym = y == null || y.isNaN();
                if (xm || ym) {
                    return Boolean.compare(xm, ym); // missing last
                }
                int c = Double.compare(x, y);
                return desc ? -c : c;
            };
        }
        return (a, b) -> {
            String x = field.text(a);
            String y = field.text(b);
            if (x == null || y == null) {
                return Boolean.compare(x == null, y == null);
            }
            int c = x.compareTo(y);
            return desc ? -c : c;
        };
    }
}
