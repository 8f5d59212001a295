package dev.handoff.runs.source.file;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static dev.handoff.runs.source.file.MlrunsFixture.metricLines;
import static dev.handoff.runs.source.file.MlrunsFixture.param;
import static dev.handoff.runs.source.file.MlrunsFixture.tag;
import static org.junit.jupiter.api.Assertions.*;

class FileStoreSourceTest {
    @TempDir
    Path tmp;
    MlrunsFixture store;
    Path parent;
    Path child;

    @BeforeEach
    void buildStore() throws Exception {
        store = new MlrunsFixture(tmp.resolve("mlruns"));
        store.experiment("0", "Default");
        Path exp1 = store.experiment("1", "credit-risk");
        MlrunsFixture.write(exp1.resolve("tags").resolve("mlflow.note.content"), "sweep notes");
        store.experimentAt(tmp.resolve("mlruns/.trash/7"), "7", "old", "deleted");

        parent = store.run("1", id(1), "sweep", 3, 1_700_000_000_000L, 1_700_000_060_000L, "active");
        param(parent, "model", "xgboost");
        child = store.run("1", id(2), "eta-0.3", 3, 1_700_000_001_000L, 1_700_000_030_000L, "active");
        tag(child, "mlflow.parentRunId", id(1));
        param(child, "eta", "0.3");
        param(child, "max_depth", "3");
        // out of order on purpose: the latest is the max by (step, timestamp, value), not the last line
        metricLines(child, "val/auc", "1700000002000 0.70 0\n1700000004000 0.80 2\n1700000003000 0.75 1\n");
        metricLines(child, "loss", "1700000002000 nan 0\n1700000003000 inf 1\n1700000004000 -inf 2\n1700000005000 0.5 3 train abc123\n");
        metricLines(child, "old_style", "1700000002000 1.5\n");
        MlrunsFixture.write(child.resolve("artifacts/model/model.tribuo"), "model-bytes");
        MlrunsFixture.write(child.resolve("artifacts/notes.txt"), "hello");

        Path deleted = store.run("1", id(3), "gone", 4, 1_700_000_002_000L, -1, "deleted");
        param(deleted, "eta", "0.9");
        // MLflow 3 logged-model folder in the experiment: not a run
        MlrunsFixture.write(exp1.resolve("models/m-123/meta.yaml"), "model_id: m-123\n");
    }

    FileStoreSource source() throws SourceException {
        return new FileStoreSource(tmp.resolve("mlruns"));
    }

    @Test
    void listsExperimentsWithTagsAndHidesTrashByDefault() throws Exception {
        ExperimentList active = source().listExperiments(ViewType.ACTIVE_ONLY);
        assertEquals(List.of("0", "1"), active.experiments().stream().map(Experiment::id).toList());
        Experiment e = active.experiments().get(1);
        assertEquals("credit-risk", e.name());
        assertEquals(1_700_000_000_000L, e.creationTime());
        assertEquals("sweep notes", e.tags().get("mlflow.note.content"));
        assertTrue(active.problems().isEmpty(), active.problems().toString());

        ExperimentList all = source().listExperiments(ViewType.ALL);
        assertEquals(List.of("0", "1", "7"), all.experiments().stream().map(Experiment::id).toList());
        assertEquals(LifecycleStage.DELETED, all.experiments().get(2).lifecycleStage());
        assertEquals(List.of("7"), source().listExperiments(ViewType.DELETED_ONLY).experiments().stream().map(Experiment::id).toList());
    }

    @Test
    void readsRunsWithParamsTagsAndLatestMetrics() throws Exception {
        RunPage page = source().searchRuns(RunQuery.of(List.of("1")));
        assertEquals(List.of(id(2), id(1)), page.runs().stream().map(Run::id).toList(), "newest first, deleted hidden");
        assertTrue(page.problems().isEmpty(), page.problems().toString());
        Run c = page.runs().get(0);
        assertEquals("eta-0.3", c.displayName());
        assertEquals(id(1), c.parentRunId());
        assertEquals(Map.of("eta", "0.3", "max_depth", "3"), c.params());
        assertEquals(RunStatus.FINISHED, c.info().status());
        assertEquals(29_000L, c.info().durationMillis());
        assertEquals("ana", c.info().userId());
        Metric auc = c.latestMetrics().get("val/auc");
        assertEquals(new Metric("val/auc", 0.80, 1_700_000_004_000L, 2), auc);
        Metric loss = c.latestMetrics().get("loss");
        assertEquals(0.5, loss.value());
        assertEquals(3, loss.step());
        assertEquals(new Metric("old_style", 1.5, 1_700_000_002_000L, 0), c.latestMetrics().get("old_style"));
    }

    @Test
    void deletedRunsAppearOnlyWhenAsked() throws Exception {
        RunPage all = source().searchRuns(RunQuery.of(List.of("1")).withViewType(ViewType.ALL));
        assertEquals(3, all.runs().size());
        RunPage deleted = source().searchRuns(RunQuery.of(List.of("1")).withViewType(ViewType.DELETED_ONLY));
        assertEquals(List.of(id(3)), deleted.runs().stream().map(Run::id).toList());
        assertEquals(-1, deleted.runs().get(0).info().endTime());
        assertEquals(RunStatus.FAILED, deleted.runs().get(0).info().status());
    }

    @Test
    void filtersOrdersAndPagesLikeMlflow() throws Exception {
        FileStoreSource src = source();
        RunPage p = src.searchRuns(RunQuery.of(List.of("1")).withFilter("params.eta = '0.3' and metrics.`val/auc` > 0.79"));
        assertEquals(List.of(id(2)), p.runs().stream().map(Run::id).toList());
        RunPage first = src.searchRuns(RunQuery.of(List.of("1")).withMaxResults(1).withOrderBy(List.of("attributes.start_time ASC")));
        assertEquals(id(1), first.runs().get(0).id());
        assertTrue(first.hasNext());
        RunPage all = src.searchAllRuns(RunQuery.of(List.of("1")).withMaxResults(1));
        assertEquals(2, all.runs().size());
        SourceException bad = assertThrows(SourceException.class,
                () -> src.searchRuns(RunQuery.of(List.of("1")).withFilter("metrics.auc >")));
        assertTrue(bad.getMessage().contains("metrics.auc >"), bad.getMessage());
    }

    @Test
    void fullHistoryIsSortedAndKeepsNonFiniteValues() throws Exception {
        MetricSeries s = source().getMetricHistory(id(2), "val/auc");
        assertArrayEquals(new long[]{0, 1, 2}, s.steps());
        assertArrayEquals(new double[]{0.70, 0.75, 0.80}, s.values());
        assertArrayEquals(new long[]{1_700_000_002_000L, 1_700_000_003_000L, 1_700_000_004_000L}, s.timestamps());
        MetricSeries loss = source().getMetricHistory(id(2), "loss");
        assertTrue(Double.isNaN(loss.values()[0]));
        assertEquals(Double.POSITIVE_INFINITY, loss.values()[1]);
        assertEquals(Double.NEGATIVE_INFINITY, loss.values()[2]);
        SourceException missing = assertThrows(SourceException.class, () -> source().getMetricHistory(id(2), "nope"));
        assertTrue(missing.getMessage().contains("has no metric 'nope'"), missing.getMessage());
    }

    @Test
    void parsesNumbersExactlyLikeJava() throws Exception {
        String[] texts = {"0.1", "-0.25", "1e-05", "3.141592653589793", "123456789012345678901234567890", "2.5E+10",
                "0.000000000000000000000000001", "7", "-0", "1.7976931348623157e308", "4.9e-324", ".5", "5."};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            lines.append(1_700_000_000_000L + i).append(' ').append(texts[i]).append(' ').append(i).append('\n');
        }
        metricLines(child, "numbers", lines.toString());
        MetricSeries s = source().getMetricHistory(id(2), "numbers");
        for (int i = 0; i < texts.length; i++) {
            assertEquals(Double.parseDouble(texts[i]), s.values()[i], 0.0, texts[i]);
        }
    }

    @Test
    void getRunFindsRunsInAnyExperimentAndNamesUnknownIds() throws Exception {
        assertEquals("sweep", source().getRun(id(1)).displayName());
        SourceException e = assertThrows(SourceException.class, () -> source().getRun(id(99)));
        assertTrue(e.getMessage().contains("no run " + id(99)), e.getMessage());
        assertThrows(SourceException.class, () -> source().getRun("../1"));
    }

    @Test
    void artifactsResolveToTheRunFolderWhenTheRecordedPathIsFromAnotherMachine() throws Exception {
        FileStoreSource src = source();
        List<ArtifactRef> top = src.listArtifacts(id(2), "");
        assertEquals(List.of("model", "notes.txt"), top.stream().map(ArtifactRef::path).toList());
        assertTrue(top.get(0).directory());
        assertEquals(5, top.get(1).fileSize());
        assertEquals(List.of("model/model.tribuo"), src.listArtifacts(id(2), "model").stream().map(ArtifactRef::path).toList());
        try (InputStream in = src.openArtifact(id(2), "model/model.tribuo")) {
            assertEquals("model-bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        SourceException esc = assertThrows(SourceException.class, () -> src.openArtifact(id(2), "../meta.yaml"));
        assertTrue(esc.getMessage().contains("'..'"), esc.getMessage());
        assertThrows(SourceException.class, () -> src.openArtifact(id(2), "/etc/passwd"));
    }

    @Test
    void missingOrNonFolderStoreIsNamed() throws Exception {
        SourceException e = assertThrows(SourceException.class, () -> new FileStoreSource(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains(tmp.resolve("nope").toString()) && e.getMessage().contains("no such folder"));
        Files.writeString(tmp.resolve("file"), "x");
        assertThrows(SourceException.class, () -> new FileStoreSource(tmp.resolve("file")));
    }
}
