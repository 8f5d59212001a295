package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.query.LocalSearch;
import dev.handoff.runs.query.RunFilter;
import dev.handoff.runs.query.RunOrdering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filters, orders and pages compiled to SQL ({@link SqlSearch}) select exactly the runs, in exactly the order, that
 * MLflow's semantics give over the fully loaded runs ({@link LocalSearch}): on random queries over a store with the
 * awkward values (NaN and infinite metrics, missing end times and users, empty run names, NULL and non-ASCII params).
 */
class SqlPushdownTest {
    @TempDir
    static Path dir;
    private static SqliteStoreSource source;
    private static final String[] TEXTS = {"a", "B", "b", "é", "É", "z", "\uD83D\uDE00", "\uFFFD", "a_b", "a%c", ""};

    @BeforeAll
    static void store() throws Exception {
        Path db = MinimalSchema.create(dir.resolve("mlflow.db"));
        Random random = new Random(11);
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = String.format(Locale.ROOT, "r%03d", (i * 37) % 300);
            String name = i % 4 == 0 ? "" : i % 4 == 1 ? "n" + (i % 7) : TEXTS[i % TEXTS.length];
            long start = i % 23 == 0 ? -1 : 1_700_000_000_000L + random.nextInt(30) * 1000L;
            String end = i % 6 == 0 ? "NULL" : Long.toString(Math.max(start, 0) + random.nextInt(5000));
            String user = i % 9 == 0 ? "NULL" : "'u" + (i % 3) + "'";
            sql.add("INSERT INTO runs VALUES ('" + id + "', " + (i % 10 == 0 ? "NULL" : "'" + name + "'") + ", "
                    + user + ", '" + (i % 5 == 0 ? "FAILED" : i % 5 == 1 ? "RUNNING" : "FINISHED") + "', "
                    + (start < 0 ? "NULL" : start) + ", " + end + ", '/a/" + id + "', '"
                    + (i % 13 == 0 ? "deleted" : "active") + "', 1)");
            if (i % 3 != 0) {
                sql.add("INSERT INTO params VALUES ('p', '" + TEXTS[random.nextInt(TEXTS.length)] + "', '" + id + "')");
            }
            if (i % 17 == 0) {
                sql.add("INSERT INTO params VALUES ('q', NULL, '" + id + "')");
            } else {
                sql.add("INSERT INTO params VALUES ('q', '" + random.nextInt(4) + "', '" + id + "')");
            }
            sql.add("INSERT INTO tags VALUES ('mlflow.runName', '" + (i % 8 == 0 ? "" : "t" + i) + "', '" + id + "')");
            if (i % 2 == 0) {
                sql.add("INSERT INTO tags VALUES ('team', '" + TEXTS[random.nextInt(TEXTS.length)] + "', '" + id + "')");
            }
            if (i % 5 != 4) {
                int kind = random.nextInt(10);
                String value = kind == 0 ? "0" : kind == 1 ? Double.toString(Double.MAX_VALUE)
                        : kind == 2 ? Double.toString(-Double.MAX_VALUE) : Integer.toString(random.nextInt(5) - 2);
                sql.add("INSERT INTO latest_metrics VALUES ('m', " + value + ", 5, 9, " + (kind == 0 ? 1 : 0) + ", '"
                        + id + "')");
            }
        }
        MinimalSchema.exec(db, sql.toArray(String[]::new));
        source = new SqliteStoreSource(db);
    }

    @Test
    void randomQueriesInSqlEqualTheInMemorySearch() throws Exception {
        Random random = new Random(5);
        List<Run> all = source.loadRuns(List.of("1"), ViewType.ALL);
        for (int n = 0; n < 150; n++) {
            int clauses = random.nextInt(3);
            List<String> parts = new ArrayList<>();
            for (int c = 0; c < clauses; c++) {
                parts.add(clause(random));
            }
            String filter = String.join(" AND ", parts);
            List<String> order = new ArrayList<>();
            for (int o = random.nextInt(3); o > 0; o--) {
                order.add(ORDER_FIELDS[random.nextInt(ORDER_FIELDS.length)] + (random.nextBoolean() ? " DESC" : " ASC"));
            }
            ViewType view = ViewType.values()[random.nextInt(ViewType.values().length)];
            RunQuery query = RunQuery.of(List.of("1")).withFilter(filter).withOrderBy(order).withViewType(view)
                    .withMaxResults(5 + random.nextInt(60));
            String what = filter + " / " + order + " / " + view;
            assertTrue(SqlSearch.compile(RunFilter.parse(filter), RunOrdering.keys(order)).isPresent(), what);

            List<Run> expected = LocalSearch.page(all, List.of(), query.withMaxResults(10_000)).runs();
            List<Run> paged = new ArrayList<>();
            String token = null;
            do {
                RunPage page = source.searchRuns(query.withPageToken(token));
                assertTrue(page.runs().size() <= query.maxResults(), what);
                paged.addAll(page.runs());
                token = page.nextPageToken();
            } while (token != null);
            assertEquals(ids(expected), ids(paged), what);
            assertEquals(expected, paged, what);
        }
    }

    private static final String[] ORDER_FIELDS = {"metrics.m", "params.p", "params.q", "tags.team", "run_name",
            "attributes.user_id", "start_time", "end_time", "attributes.duration", "attributes.status", "run_id"};

    private static String clause(Random random) {
        String text = "'" + TEXTS[random.nextInt(TEXTS.length)] + "'";
        String number = Integer.toString(random.nextInt(5) - 2);
        String[] numericOps = {"=", "!=", "<", "<=", ">", ">="};
        String op = numericOps[random.nextInt(numericOps.length)];
        switch (random.nextInt(14)) {
            case 0: return "metrics.m " + op + " " + number;
            case 1: return "metrics.m IS " + (random.nextBoolean() ? "NOT " : "") + "NULL";
            case 2: return "params.p " + op + " " + text;
            case 3: return "params.p " + (random.nextBoolean() ? "NOT " : "") + "IN (" + text + ", 'b')";
            case 4: return "params.p " + (random.nextBoolean() ? "NOT " : "") + (random.nextBoolean() ? "ILIKE" : "LIKE")
                    + " '" + (random.nextBoolean() ? "%" : "") + TEXTS[random.nextInt(TEXTS.length)]
                    + (random.nextBoolean() ? "_" : "%") + "'";
            case 5: return "params.q " + (random.nextBoolean() ? "=" : "!=") + " " + random.nextInt(4);
            case 6: return "params.q IS " + (random.nextBoolean() ? "NOT " : "") + "NULL";
            case 7: return "tags.team " + op + " " + text;
            case 8: return "attributes.run_name " + (random.nextBoolean() ? "LIKE 'n%'" : "ILIKE 'T1%'");
            case 9: return "attributes.user_id " + (random.nextBoolean() ? "= 'u1'" : "!= ''");
            case 10: return "attributes.start_time " + op + " " + (1_700_000_000_000L + random.nextInt(30) * 1000L);
            case 11: return "attributes.end_time IS " + (random.nextBoolean() ? "NOT " : "") + "NULL";
            case 12: return "attributes.duration " + op + " " + random.nextInt(5000);
            default: return "attributes.status IN ('FAILED', 'RUNNING')";
        }
    }

    @Test
    void aStoreWithAnIrregularRowIsSearchedInMemoryAndReportsIt() throws Exception {
        Path db = MinimalSchema.create(dir.resolve("irregular.db"));
        MinimalSchema.exec(db,
                "INSERT INTO runs VALUES ('ok1', 'one', 'u', 'FINISHED', 3, 4, '/a', 'active', 1)",
                "INSERT INTO runs VALUES ('low', 'lower', 'u', 'finished', 2, 4, '/a', 'active', 1)",
                "INSERT INTO runs VALUES ('bad', 'broken', 'u', 'EXPLODED', 1, 4, '/a', 'active', 1)");
        SqliteStoreSource s = new SqliteStoreSource(db);
        RunPage page = s.searchRuns(RunQuery.of(List.of("1")).withFilter("attributes.status = 'FINISHED'"));
        assertEquals(List.of("ok1", "low"), ids(page.runs()), "a lowercase status reads as FINISHED, as in memory");
        assertEquals(1, page.problems().size(), page.problems().toString());
        assertTrue(page.problems().get(0).describe().contains("bad"), page.problems().get(0).describe());
    }

    @Test
    void whatSqlDoesNotEvaluateIsLeftToTheInMemorySearch() throws Exception {
        for (String filter : List.of("metrics.m IN ('1.0')", "metrics.m NOT LIKE '1%'", "metrics.m > 1e400")) {
            assertFalse(SqlSearch.compile(RunFilter.parse(filter), List.of()).isPresent(), filter);
            RunQuery query = RunQuery.of(List.of("1")).withFilter(filter).withViewType(ViewType.ALL);
            assertEquals(LocalSearch.page(source.loadRuns(List.of("1"), ViewType.ALL), List.of(), query).runs(),
                    source.searchRuns(query).runs(), filter);
        }
    }

    @Test
    void aSearchAfterAnotherConnectionCommittedSeesTheChange() throws Exception {
        Path db = MinimalSchema.create(dir.resolve("changing.db"));
        MinimalSchema.exec(db, "INSERT INTO runs VALUES ('old', 'o', 'u', 'FINISHED', 1, 2, '/a', 'active', 1)");
        try (SqliteStoreSource s = new SqliteStoreSource(db)) {
            RunQuery query = RunQuery.of(List.of("1"));
            assertEquals(List.of("old"), ids(s.searchRuns(query).runs()));
            assertEquals(List.of("old"), ids(s.searchRuns(query).runs()), "the same listing again, from the cache");
            MinimalSchema.exec(db, "INSERT INTO runs VALUES ('new', 'n', 'u', 'RUNNING', 5, NULL, '/a', 'active', 1)");
            assertEquals(List.of("new", "old"), ids(s.searchRuns(query).runs()));
            MinimalSchema.exec(db, "UPDATE runs SET status = 'weird' WHERE run_uuid = 'old'");
            RunPage page = s.searchRuns(query);
            assertEquals(List.of("new"), ids(page.runs()), "the now irregular row is reported, not listed");
            assertEquals(1, page.problems().size(), page.problems().toString());
        }
    }

    private static List<String> ids(List<Run> runs) {
        return runs.stream().map(Run::id).toList();
    }
}
