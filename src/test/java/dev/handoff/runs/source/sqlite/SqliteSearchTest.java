package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.query.LocalSearch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQLite source's two-pass search (only the keys a filter and order-by read, then the page's whole runs) returns
 * exactly what MLflow's semantics give over the fully loaded runs ({@link LocalSearch}, checked against MLflow by the
 * file-store peer tests): the same runs, whole, in the same order, page after page.
 */
class SqliteSearchTest {
    @TempDir
    static Path dir;
    private static SqliteStoreSource source;

    @BeforeAll
    static void store() throws Exception {
        Path db = MinimalSchema.create(dir.resolve("mlflow.db"));
        Random random = new Random(7);
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = String.format(Locale.ROOT, "run%04d", i);
            String stage = i % 17 == 0 ? "deleted" : "active";
            String name = i % 5 == 0 ? "" : "sweep-" + (i % 9); // empty names fall back to the mlflow.runName tag
            long start = 1_700_000_000_000L + random.nextInt(50) * 1000L; // many ties: the run id breaks them
            sql.add("INSERT INTO runs VALUES ('" + id + "', '" + name + "', 'u" + (i % 3) + "', '"
                    + (i % 7 == 0 ? "FAILED" : "FINISHED") + "', " + start + ", " + (start + i) + ", '/data/" + id
                    + "', '" + stage + "', 1)");
            sql.add("INSERT INTO params VALUES ('lr', '" + (0.001 * (1 + i % 4)) + "', '" + id + "')");
            if (i % 3 != 0) {
                sql.add("INSERT INTO params VALUES ('depth', '" + (i % 6) + "', '" + id + "')");
            }
            sql.add("INSERT INTO params VALUES ('unused_" + (i % 11) + "', 'x', '" + id + "')");
            sql.add("INSERT INTO tags VALUES ('mlflow.runName', 'tagged-" + i + "', '" + id + "')");
            sql.add("INSERT INTO tags VALUES ('team', '" + (i % 2 == 0 ? "risk" : "Fraud") + "', '" + id + "')");
            double auc = random.nextDouble();
            sql.add("INSERT INTO latest_metrics VALUES ('auc', " + auc + ", 5, 9, 0, '" + id + "')");
            if (i % 4 != 0) {
                sql.add("INSERT INTO latest_metrics VALUES ('loss', " + (i % 13 == 0 ? 0 : 1 - auc) + ", 5, 9, "
                        + (i % 13 == 0 ? 1 : 0) + ", '" + id + "')");
            }
        }
        MinimalSchema.exec(db, sql.toArray(String[]::new));
        source = new SqliteStoreSource(db);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"|\"\"",
            "metrics.auc > 0.5|metrics.auc DESC",
            "params.depth = '3'|\"\"",
            "params.depth IS NULL|metrics.loss ASC",
            "metrics.loss < 0.4 AND tags.team = 'risk'|params.lr DESC",
            "tags.team ILIKE 'fraud'|attributes.run_name ASC",
            "attributes.run_name LIKE 'tagged-1%'|start_time ASC",
            "attributes.run_name = 'sweep-4'|\"\"",
            "attributes.status = 'FAILED'|tags.team DESC",
            "params.lr IN ('0.002', '0.004')|metrics.auc ASC",
            "\"\"|params.depth ASC",
            "\"\"|attributes.user_id DESC",
            "metrics.loss >= 0|\"\""})
    void twoPassSearchEqualsSearchingTheFullyLoadedRuns(String filter, String order) throws Exception {
        for (ViewType view : List.of(ViewType.ACTIVE_ONLY, ViewType.ALL)) {
            RunQuery query = RunQuery.of(List.of("1")).withFilter(filter)
                    .withOrderBy(order.isEmpty() ? List.of() : List.of(order)).withViewType(view).withMaxResults(37);
            List<Run> expected = LocalSearch.page(source.loadRuns(List.of("1"), ViewType.ALL), List.of(),
                    query.withMaxResults(10_000)).runs();
            List<Run> paged = new ArrayList<>();
            String token = null;
            do {
                RunPage page = source.searchRuns(query.withPageToken(token));
                assertTrue(page.runs().size() <= 37);
                paged.addAll(page.runs());
                token = page.nextPageToken();
            } while (token != null);
            assertEquals(expected, paged, filter + " / " + order + " / " + view);
        }
    }

    @Test
    void aPageCarriesWholeRunsNotJustTheKeysTheFilterRead() throws Exception {
        RunPage page = source.searchRuns(RunQuery.of(List.of("1")).withFilter("metrics.auc > 0.9").withMaxResults(5));
        assertFalse(page.runs().isEmpty());
        for (Run r : page.runs()) {
            assertEquals(source.getRun(r.id()), r);
            assertTrue(r.params().containsKey("lr") && r.tags().containsKey("team"), r.toString());
        }
    }

    @Test
    void aMalformedFilterNamesTheDatabase() {
        SourceException e = assertThrows(SourceException.class,
                () -> source.searchRuns(RunQuery.of(List.of("1")).withFilter("metrics.auc >")));
        assertTrue(e.getMessage().contains("mlflow.db"), e.getMessage());
    }
}
