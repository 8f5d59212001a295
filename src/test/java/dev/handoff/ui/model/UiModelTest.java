package dev.handoff.ui.model;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.Tag;
import dev.handoff.ui.StoreLocatorAccess;
import dev.handoff.ui.export.CsvExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UiModelTest {

    private static Run run(String id, String parent, Map<String, String> params) {
        Map<String, String> tags = parent == null ? Map.of() : Map.of(Tag.PARENT_RUN_ID, parent);
        return new Run(new RunInfo(id, "run-" + id, "1", "u", RunStatus.FINISHED, 0, 10, "", LifecycleStage.ACTIVE),
                params, tags, Map.of());
    }

    @Test
    void forestNestsChildrenAndKeepsOrphansAndCyclesAsRoots() {
        List<RunNode> forest = RunForest.build(List.of(run("p", null, Map.of()), run("c1", "p", Map.of()),
                run("orphan", "gone", Map.of()), run("c2", "p", Map.of()), run("x", "y", Map.of()), run("y", "x", Map.of())));
        assertEquals(List.of("p", "orphan", "x"), forest.stream().map(n -> n.run().id()).toList());
        assertEquals(List.of("c1", "c2"), forest.get(0).children().stream().map(n -> n.run().id()).toList());
        assertEquals("y", forest.get(2).children().get(0).run().id());
    }

    @Test
    void paramValuesSortNumericallyThenAsText() {
        List<ParamValue> sorted = java.util.stream.Stream.of("10", "adam", "2", "0.5", "sgd")
                .map(ParamValue::of).sorted().toList();
        assertEquals(List.of("0.5", "2", "10", "adam", "sgd"), sorted.stream().map(ParamValue::text).toList());
    }

    @Test
    void quickFilterMatchesAllWordsInNameOrParams() {
        Run r = run("abc", null, Map.of("model", "xgboost"));
        assertTrue(QuickFilter.of("run-abc XGB").test(r));
        assertTrue(!QuickFilter.of("xgb cart").test(r));
        assertTrue(QuickFilter.of("  ").test(r));
    }

    @Test
    void compareMarksDifferingRows() {
        List<CompareModel.Row> rows = CompareModel.build(
                List.of(run("a", null, Map.of("lr", "0.1", "m", "x")), run("b", null, Map.of("lr", "0.2", "m", "x"))), Map.of());
        assertEquals(List.of("lr", "m"), rows.stream().map(CompareModel.Row::field).toList());
        assertTrue(rows.get(0).differs());
        assertTrue(!rows.get(1).differs());
    }

    @Test
    void csvQuotesPerRfc4180(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        CsvExport.write(f, List.of("a", "b"), List.of(List.of("plain", "x,y"), List.of("say \"hi\"", "two\nlines")));
        assertEquals("a,b\r\nplain,\"x,y\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n",
                Files.readString(f, StandardCharsets.UTF_8));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void storeLocationPrecedence(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of("arg"), StoreLocatorAccess.locate(List.of("arg"), "prop", "last", dir, null));
        assertEquals(Optional.of("prop"), StoreLocatorAccess.locate(List.of(), "prop", "last", dir, null));
        assertEquals(Optional.of("last"), StoreLocatorAccess.locate(List.of(), null, "last", dir, null));
        assertEquals(Optional.empty(), StoreLocatorAccess.locate(List.of(), null, null, dir, null));
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("sample-projects/credit-risk"));
        assertEquals(Optional.of(home.resolve("sample-projects/credit-risk").toString()),
                StoreLocatorAccess.locate(List.of(), null, null, dir, home.toString()));
        Files.createDirectories(dir.resolve("sample-projects/credit-risk"));
        assertEquals(Optional.of(dir.resolve("sample-projects/credit-risk").toString()),
                StoreLocatorAccess.locate(List.of(), "", null, dir, home.toString()));
    }
}
