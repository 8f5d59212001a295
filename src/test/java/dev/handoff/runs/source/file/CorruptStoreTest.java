package dev.handoff.runs.source.file;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static dev.handoff.runs.source.file.MlrunsFixture.metricLines;
import static dev.handoff.runs.source.file.MlrunsFixture.param;
import static org.junit.jupiter.api.Assertions.*;

/** Each kind of damage makes exactly the damaged run unreadable, names the file and line, and loses nothing else. */
class CorruptStoreTest {
    @TempDir
    Path tmp;
    MlrunsFixture store;
    Path bad;

    @BeforeEach
    void twoGoodRunsAndOneToDamage() throws Exception {
        store = new MlrunsFixture(tmp.resolve("mlruns"));
        store.experiment("1", "exp");
        for (int i = 1; i <= 2; i++) {
            Path ok = store.run("1", id(i), "good-" + i, 3, 1_700_000_000_000L + i, 1_700_000_100_000L, "active");
            param(ok, "lr", "0.1");
            metricLines(ok, "loss", "1700000000000 0.9 0\n1700000001000 0.5 1\n");
        }
        bad = store.run("1", id(9), "damaged", 3, 1_700_000_000_009L, 1_700_000_100_000L, "active");
        metricLines(bad, "loss", "1700000000000 0.9 0\n1700000001000 0.5 1\n");
    }

    private LoadProblem onlyProblem() throws Exception {
        RunPage page = new FileStoreSource(tmp.resolve("mlruns")).searchRuns(RunQuery.of(List.of("1")));
        assertEquals(List.of(id(2), id(1)), page.runs().stream().map(Run::id).toList(), "the good runs still load");
        assertEquals(1, page.problems().size(), page.problems().toString());
        LoadProblem p = page.problems().get(0);
        assertEquals("run", p.kind());
        assertEquals(id(9), p.id());
        return p;
    }

    @Test
    void truncatedMetricLine() throws Exception {
        metricLines(bad, "loss", "1700000000000 0.9 0\n1700000001000 0.5 1\n17000000020");
        LoadProblem p = onlyProblem();
        assertEquals(bad.resolve("metrics/loss").toString(), p.location());
        assertEquals(3, p.line());
        assertTrue(p.message().contains("malformed metric line '17000000020'"), p.message());
        assertTrue(p.describe().contains(" line 3: "), p.describe());
        // the history of a damaged metric is refused with the same precision
        SourceException e = assertThrows(SourceException.class,
                () -> new FileStoreSource(tmp.resolve("mlruns")).getMetricHistory(id(9), "loss"));
        assertTrue(e.getMessage().contains("metrics/loss: line 3"), e.getMessage());
    }

    @Test
    void valueThatIsNotANumber() throws Exception {
        metricLines(bad, "loss", "1700000000000 0.9 0\n1700000001000 0.5x 1\n");
        LoadProblem p = onlyProblem();
        assertEquals(2, p.line());
        assertTrue(p.message().contains("value '0.5x' is not a number"), p.message());
    }

    @Test
    void malformedYaml() throws Exception {
        MlrunsFixture.write(bad.resolve("meta.yaml"), "run_id: " + id(9) + "\nstatus: 3\nstart_time: [unclosed\nexperiment_id: '1'\n");
        LoadProblem p = onlyProblem();
        assertEquals(bad.resolve("meta.yaml").toString(), p.location());
        assertTrue(p.line() >= 3, "line of the YAML error: " + p.line());
        assertTrue(p.message().startsWith("malformed YAML"), p.message());
    }

    @Test
    void missingRequiredField() throws Exception {
        MlrunsFixture.write(bad.resolve("meta.yaml"), "run_id: " + id(9) + "\nexperiment_id: '1'\nstart_time: 1\n");
        LoadProblem p = onlyProblem();
        assertTrue(p.message().contains("field 'status' is missing"), p.message());
    }

    @Test
    void missingMetaYaml() throws Exception {
        Files.delete(bad.resolve("meta.yaml"));
        LoadProblem p = onlyProblem();
        assertEquals(bad.resolve("meta.yaml").toString(), p.location());
        assertTrue(p.message().contains("missing meta.yaml"), p.message());
    }

    @Test
    void nonUtf8BytesInAParam() throws Exception {
        Files.createDirectories(bad.resolve("params"));
        Files.write(bad.resolve("params/owner"), new byte[]{'o', 'k', '\n', 'J', (byte) 0xE9, 'r', 'o', 'm', 'e'});
        LoadProblem p = onlyProblem();
        assertEquals(bad.resolve("params/owner").toString(), p.location());
        assertEquals(2, p.line());
        assertTrue(p.message().contains("not valid UTF-8 (byte 0xE9"), p.message());
    }

    @Test
    void unreadableFileThroughADanglingLink() throws Exception {
        Files.createDirectories(bad.resolve("tags"));
        Files.createSymbolicLink(bad.resolve("tags/team"), tmp.resolve("does-not-exist"));
        LoadProblem p = onlyProblem();
        assertEquals(bad.resolve("tags/team").toString(), p.location());
        assertTrue(p.message().contains("missing file") || p.message().contains("cannot read"), p.message());
    }

    @Test
    void unreadableFileByPermissions() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads files whatever their permissions; the dangling-link test covers unreadable files here");
        Path f = bad.resolve("params/secret");
        MlrunsFixture.write(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        try {
            LoadProblem p = onlyProblem();
            assertTrue(p.message().contains("permission denied"), p.message());
        } finally {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void unknownStatusCode() throws Exception {
        String meta = Files.readString(bad.resolve("meta.yaml")).replace("status: 3", "status: 9");
        MlrunsFixture.write(bad.resolve("meta.yaml"), meta);
        LoadProblem p = onlyProblem();
        assertTrue(p.message().contains("unknown run status code 9"), p.message());
    }

    @Test
    void brokenExperimentIsListedAsAProblemWhileOthersLoad() throws Exception {
        store.experiment("2", "fine");
        MlrunsFixture.write(tmp.resolve("mlruns/3/meta.yaml"), "name: [oops\n");
        var list = new FileStoreSource(tmp.resolve("mlruns")).listExperiments(ViewType.ACTIVE_ONLY);
        assertEquals(List.of("1", "2"), list.experiments().stream().map(e -> e.id()).toList());
        assertEquals(1, list.problems().size());
        assertEquals("experiment", list.problems().get(0).kind());
        assertEquals(tmp.resolve("mlruns/3/meta.yaml").toString(), list.problems().get(0).location());
    }
}
