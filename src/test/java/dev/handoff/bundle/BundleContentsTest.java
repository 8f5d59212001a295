package dev.handoff.bundle;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundle diff without a display (the review window's diff table shows these rows). */
class BundleContentsTest {

    private static BundleContents contents(String name, Map<String, String> params) {
        return new BundleContents(Path.of(name), name, Optional.empty(), Optional.empty(), List.of(), params);
    }

    @Test
    void comparesParamsKeyByKeyAndTheBundleNames() {
        BundleContents a = contents("a", Map.of("lr", "0.1", "depth", "3", "seed", "7"));
        BundleContents b = contents("b", Map.of("lr", "0.3", "seed", "7", "rounds", "60"));
        List<BundleContents.DiffRow> rows = BundleContents.compare(a, b);
        assertEquals(List.of(
                new BundleContents.DiffRow("param", "depth", "3", null),
                new BundleContents.DiffRow("param", "lr", "0.1", "0.3"),
                new BundleContents.DiffRow("param", "rounds", null, "60"),
                new BundleContents.DiffRow("param", "seed", "7", "7"),
                new BundleContents.DiffRow("card", "bundle name", "a", "b")), rows);
        assertEquals(List.of(true, true, true, false, true), rows.stream().map(BundleContents.DiffRow::differs).toList());
    }

    @Test
    void aBundleComparedWithItselfHasNoDifferences() {
        BundleContents a = contents("a", Map.of("lr", "0.1"));
        List<BundleContents.DiffRow> rows = BundleContents.compare(a, a);
        assertFalse(rows.isEmpty());
        assertTrue(rows.stream().noneMatch(BundleContents.DiffRow::differs), rows.toString());
    }

    @Test
    void registryProvenanceIsReadBackAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        RegistryProvenance written = new RegistryProvenance("credit-risk", "3", "champion", "r9", "runs:/r9/model",
                "m-1", "model/model.tribuo", List.of(new dev.handoff.runs.DatasetInput("credit-train", "bcbc8ccc", "local",
                "{\"uri\": \"data/train.csv\"}", "{}", null, Map.of("mlflow.data.context", "training"))));
        Path bundle = dir.resolve("b");
        BundleWriter.named("b").json(RegistryProvenance.FILE, written.toJson()).write(bundle);
        BundleContents read = BundleContents.read(bundle);
        assertEquals(Optional.of(written), read.registry());
        assertEquals("credit-risk/3", read.registry().orElseThrow().versionRef().toString());
        assertEquals(Optional.empty(), BundleContents.read(writeEmpty(dir.resolve("plain"))).registry());
    }

    private static Path writeEmpty(Path dir) throws Exception {
        BundleWriter.named("plain").json("provenance/run.json", Map.of("params", Map.of("lr", "0.1"))).write(dir);
        return dir;
    }
}
