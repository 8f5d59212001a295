package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.drift.SampleBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** {@code handoff drift} on the sample bundle: no drift on test.csv, exactly the shifted columns on drifted.csv. */
class DriftCommandTest extends CliTestBase {
    @TempDir
    static Path tmp;
    static Path bundle;

    @BeforeAll
    static void exportBundle() throws Exception {
        bundle = SampleBundle.export(tmp.resolve("bundle"));
    }

    @Test
    void theBundleCarriesAProfileCoveredByTheManifest() throws Exception {
        Path profile = bundle.resolve("monitoring/reference_profile.json");
        assertTrue(Files.isRegularFile(profile));
        assertTrue(Files.size(profile) < 200_000, "kilobytes, not rows: " + Files.size(profile));
        assertTrue(Files.readString(bundle.resolve("manifest.intoto.json")).contains("monitoring/reference_profile.json"));
        assertEquals(0, run("verify", bundle.toString()), out.toString());
        JsonNode p = new ObjectMapper().readTree(profile.toFile());
        assertEquals(2400, p.at("/datasets/training/rows").asInt());
        assertEquals(600, p.at("/datasets/held_out/rows").asInt());
        assertEquals(64, p.at("/datasets/training/sha256").asText().length());
        assertTrue(p.at("/datasets/training/score/histogram/edges").size() > 5);
        assertEquals("numerical", p.at("/datasets/training/columns/0/kind").asText());
        assertEquals(List.of("A", "B"), List.copyOf(iterable(p.at("/datasets/training/columns/8/categories").fieldNames())));
        JsonNode monitoring = new ObjectMapper().readTree(bundle.resolve("bundle.json").toFile()).at("/sections/monitoring");
        assertEquals(dev.handoff.bundle.checklist.DefaultLineIds.CONCEPT_DRIFT, monitoring.get("checklist_line").asText(),
                "the concept-drift line can cite the plan");
        assertEquals("monitoring/reference_profile.json#plan", monitoring.get("evidence").asText());
        assertTrue(Files.readString(bundle.resolve("card/README.md")).contains("## Monitoring") && Files.readString(bundle.resolve("card/README.md")).contains("debt_ratio"));
    }

    @Test
    void heldOutDataOfTheSameDistributionIsNoDrift() throws Exception {
        assertEquals(0, run("drift", "--bundle", bundle.toString(), "--data", SampleBundle.data("test.csv").toString(),
                "--json"), err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertFalse(r.get("drift_detected").asBoolean());
        assertEquals(Set.of(), drifted(r));
    }

    @Test
    void driftedDataFlagsExactlyTheShiftedColumns() throws Exception {
        assertEquals(4, run("drift", "--bundle", bundle.toString(), "--data", SampleBundle.data("drifted.csv").toString(),
                "--json"), err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertTrue(r.get("drift_detected").asBoolean());
        assertTrue(r.at("/score/drifted").asBoolean(), "the model's score shifts with debt_ratio");
        assertEquals(Set.of("debt_ratio", "loan_amount", "group"), drifted(r));
        assertFalse(r.get("dataset_drift").asBoolean(), "3 of 9 columns is below Evidently's 50% share");
        assertTrue(r.get("performance").size() >= 3, "overall and per group: " + r.get("performance"));
        // the text report names them too
        assertEquals(4, run("drift", "--bundle", bundle.toString(), "--data", SampleBundle.data("drifted.csv").toString()));
        assertTrue(out.toString().contains("DRIFT DETECTED"), out.toString());
        Path html = tmp.resolve("report.html");
        assertEquals(4, run("drift", "--bundle", bundle.toString(), "--data", SampleBundle.data("drifted.csv").toString(),
                "--html", "--out", html.toString()));
        assertTrue(Files.readString(html).contains("debt_ratio"));
    }

    @Test
    void badInputIsAFailureNamingTheFileAndColumn() throws Exception {
        Path missing = tmp.resolve("missing.csv");
        Files.writeString(missing, "income,debt_ratio\n1,2\n");
        assertEquals(1, run("drift", "--bundle", bundle.toString(), "--data", missing.toString()));
        assertTrue(err.toString().contains("missing.csv") && err.toString().contains("credit_history_years"), err.toString());

        Path wrongType = tmp.resolve("wrong.csv");
        Files.writeString(wrongType, Files.readString(SampleBundle.data("test.csv")).replaceFirst("\n38\\.7,", "\nlots,"));
        assertEquals(1, run("drift", "--bundle", bundle.toString(), "--data", wrongType.toString()));
        assertTrue(err.toString().contains("wrong.csv") && err.toString().contains("'income'")
                && err.toString().contains("line 2"), err.toString());

        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "");
        assertEquals(1, run("drift", "--bundle", bundle.toString(), "--data", empty.toString()));
        assertTrue(err.toString().contains("empty.csv") && err.toString().contains("empty"), err.toString());

        Path headerOnly = tmp.resolve("header.csv");
        Files.writeString(headerOnly, Files.readString(SampleBundle.data("test.csv")).lines().findFirst().orElseThrow() + "\n");
        assertEquals(1, run("drift", "--bundle", bundle.toString(), "--data", headerOnly.toString()));
        assertTrue(err.toString().contains("header.csv") && err.toString().contains("no data rows"), err.toString());
    }

    @Test
    void aZipWithoutAProfileIsNamedAsTheZipAndABadDriftShareIsRefused() throws Exception {
        Path zip = tmp.resolve("no-profile.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
             var files = Files.walk(bundle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = bundle.relativize(f).toString().replace('\\', '/');
                if (!name.startsWith("monitoring/")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(name));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
        assertEquals(1, run("drift", "--bundle", zip.toString(), "--data", SampleBundle.data("test.csv").toString()));
        assertTrue(err.toString().contains(zip + "!monitoring/reference_profile.json"), err.toString());

        assertEquals(1, run("drift", "--bundle", bundle.toString(), "--data", SampleBundle.data("test.csv").toString(),
                "--drift-share", "0"));
        assertTrue(err.toString().contains("drift share must be in (0, 1]"), err.toString());
    }

    private static <T> java.util.List<T> iterable(java.util.Iterator<T> it) {
        java.util.List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static Set<String> drifted(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : report.get("columns")) {
            if (c.get("drifted").asBoolean()) {
                out.add(c.get("column").asText());
            }
        }
        return out;
    }
}
