package dev.handoff.bundle.checklist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecklistTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void defaultChecklistHasDeonSectionsThenOurOwn() {
        Checklist c = ChecklistIo.loadDefault();
        assertEquals(List.of("A", "B", "C", "D", "E", DefaultLineIds.OWN_SECTION_ID),
                c.sections().stream().map(ChecklistSection::sectionId).toList());
        assertEquals(List.of(4, 3, 5, 5, 4, 2), c.sections().stream().map(s -> s.lines().size()).toList());
        List<String> ids = c.lines().stream().map(ChecklistLine::lineId).toList();
        List<String> expected = new java.util.ArrayList<>(DefaultLineIds.DEON);
        expected.addAll(DefaultLineIds.OWN);
        assertEquals(expected, ids);
        assertTrue(c.lines().stream().allMatch(l -> l.status() == LineStatus.PENDING));
        // every line required but the monotonicity line, which a team opts into
        assertEquals(List.of(DefaultLineIds.MONOTONIC_CONSTRAINTS),
                c.lines().stream().filter(l -> !l.required()).map(ChecklistLine::lineId).toList());
        assertEquals(22, c.outstandingRequired().size());
    }

    @Test
    void defaultChecklistIdsMeanWhatDeonsIdsMean() {
        // deon 0.3.0's packaged checklist.yml: line_id -> line_summary, word for word (DeonChecklistPeerTest reads
        // deon's own file); the questions are in our own words
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("A.1", "Informed consent");
        expected.put("A.2", "Collection bias");
        expected.put("A.3", "Limit PII exposure");
        expected.put("A.4", "Downstream bias mitigation");
        expected.put("B.1", "Data security");
        expected.put("B.2", "Right to be forgotten");
        expected.put("B.3", "Data retention plan");
        expected.put("C.1", "Missing perspectives");
        expected.put("C.2", "Dataset bias");
        expected.put("C.3", "Honest representation");
        expected.put("C.4", "Privacy in analysis");
        expected.put("C.5", "Auditability");
        expected.put("D.1", "Proxy discrimination");
        expected.put("D.2", "Fairness across groups");
        expected.put("D.3", "Metric selection");
        expected.put("D.4", "Explainability");
        expected.put("D.5", "Communicate bias");
        expected.put("E.1", "Redress");
        expected.put("E.2", "Roll back");
        expected.put("E.3", "Concept drift");
        expected.put("E.4", "Unintended use");
        expected.put("HW.1", "Production monitoring plan");
        expected.put("HW.2", "Monotonic constraints hold");
        java.util.Map<String, String> actual = new java.util.LinkedHashMap<>();
        ChecklistIo.loadDefault().lines().forEach(l -> actual.put(l.lineId(), l.lineSummary()));
        assertEquals(expected, actual);
        assertEquals(List.of("Data Collection", "Data Storage", "Analysis", "Modeling", "Deployment",
                        "Handoff Workbench additions"),
                ChecklistIo.loadDefault().sections().stream().map(ChecklistSection::title).toList());
        Checklist c = ChecklistIo.loadDefault();
        assertEquals("E.3", DefaultLineIds.CONCEPT_DRIFT);
        assertTrue(c.line(DefaultLineIds.CONCEPT_DRIFT).orElseThrow().line().contains("concept drift"), "E.3 is drift");
        assertTrue(c.line(DefaultLineIds.REDRESS).orElseThrow().line().contains("harmed"), "E.1 is redress");
        assertTrue(c.line(DefaultLineIds.ROLL_BACK).orElseThrow().line().contains("previous version"), "E.2 rolls back");
        assertTrue(c.line("C.4").orElseThrow().line().contains("identifiers"), "C.4 is privacy in analysis");
    }

    @Test
    void ourOwnLinesLieOutsideDeonsNamespace() {
        java.util.regex.Pattern deon = java.util.regex.Pattern.compile("[A-Z]\\.[0-9]+");
        for (String id : DefaultLineIds.OWN) {
            assertFalse(deon.matcher(id).matches(), id + " looks like a deon id");
            assertTrue(id.startsWith(DefaultLineIds.OWN_SECTION_ID + "."), id);
        }
        DefaultLineIds.DEON.forEach(id -> assertTrue(deon.matcher(id).matches(), id));
    }

    @Test
    void signSaveAndLoadRoundTrip() throws Exception {
        Checklist signed = ChecklistIo.loadDefault()
                .sign("D.2", LineStatus.DONE, "ana", "https://wiki/fairness", "gaps under 0.05", CLOCK)
                .sign("B.3", LineStatus.BLOCKED, "ben", null, "no retention rule yet", CLOCK);
        Path file = dir.resolve("checklist.yml");
        ChecklistIo.save(signed, file);
        Checklist loaded = ChecklistIo.load(file);
        assertEquals(signed, loaded);
        ChecklistLine d2 = loaded.line("D.2").orElseThrow();
        assertEquals(LineStatus.DONE, d2.status());
        assertEquals("ana", d2.reviewer());
        assertEquals("2026-03-01T10:15:30Z", d2.timestamp());
        assertEquals("https://wiki/fairness", d2.evidence());
        assertFalse(Files.readString(file).contains("status: not_applicable"));
        assertTrue(Files.readString(file).contains("status: blocked"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void signingRequiresKnownLineAndReviewer() {
        Checklist c = ChecklistIo.loadDefault();
        assertThrows(IllegalArgumentException.class, () -> c.sign("Z.9", LineStatus.DONE, "ana", null, null, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> c.sign("A.1", LineStatus.DONE, " ", null, null, CLOCK));
    }

    @Test
    void policyRefusesOrWarnsWhileRequiredLinesAreOutstanding() {
        Checklist c = ChecklistIo.loadDefault();
        for (ChecklistLine line : c.lines()) {
            if (!line.lineId().equals("E.2")) {
                c = c.sign(line.lineId(), LineStatus.NOT_APPLICABLE, "ana", null, null, CLOCK);
            }
        }
        ExportPolicy.Decision refuse = ExportPolicy.REFUSE.evaluate(c);
        assertFalse(refuse.allowed());
        assertEquals(List.of("E.2"), refuse.outstanding().stream().map(ChecklistLine::lineId).toList());
        assertTrue(refuse.messages().get(0).contains("E.2"));
        assertTrue(ExportPolicy.WARN.evaluate(c).allowed());
        assertEquals(1, ExportPolicy.WARN.evaluate(c).messages().size());

        Checklist blocked = c.sign("E.2", LineStatus.BLOCKED, "ana", null, null, CLOCK);
        assertFalse(ExportPolicy.REFUSE.evaluate(blocked).allowed());
        Checklist done = c.sign("E.2", LineStatus.DONE, "ana", null, null, CLOCK);
        assertTrue(ExportPolicy.REFUSE.evaluate(done).allowed());
    }

    @Test
    void optionalLinesDoNotBlock() throws Exception {
        String yaml = """
                title: Team list
                sections:
                  - title: Ops
                    section_id: X
                    lines:
                      - line_id: X.1
                        line_summary: Nice to have
                        line: Optional item
                        required: false
                """;
        Checklist c = ChecklistIo.parse(yaml, "team.yml");
        assertTrue(ExportPolicy.REFUSE.evaluate(c).allowed());
    }

    @Test
    void teamChecklistOfSameShapeLoads() throws Exception {
        Path file = dir.resolve("team.yml");
        Files.writeString(file, """
                title: Our checklist
                sections:
                  - title: Data
                    section_id: A
                    lines:
                      - line_id: A.1
                        line_summary: Source
                        line: Is the source documented?
                      - line_id: A.2
                        line_summary: Owner
                        line: Is there an owner?
                        status: done
                        reviewer: kim
                        timestamp: 2026-01-02T03:04:05Z
                """);
        Checklist c = ChecklistIo.load(file);
        assertEquals(LineStatus.DONE, c.line("A.2").orElseThrow().status());
        assertEquals(List.of("A.1"), c.outstandingRequired().stream().map(ChecklistLine::lineId).toList());
    }

    @Test
    void unknownStatusIsNamedWithFileAndField() throws Exception {
        Path file = write("""
                title: T
                sections:
                  - title: S
                    section_id: A
                    lines:
                      - line_id: A.1
                        line_summary: s
                        line: l
                        status: finished
                """);
        ChecklistException e = assertThrows(ChecklistException.class, () -> ChecklistIo.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("sections[0].lines[0].status"), e.getMessage());
        assertTrue(e.getMessage().contains("finished"), e.getMessage());
    }

    @Test
    void duplicateLineIdsAreRejected() throws Exception {
        Path file = write("""
                title: T
                sections:
                  - title: S
                    section_id: A
                    lines:
                      - {line_id: A.1, line_summary: s, line: l}
                  - title: S2
                    section_id: B
                    lines:
                      - {line_id: A.1, line_summary: s, line: l}
                """);
        ChecklistException e = assertThrows(ChecklistException.class, () -> ChecklistIo.load(file));
        assertTrue(e.getMessage().contains("duplicate line_id 'A.1'"), e.getMessage());
        assertTrue(e.getMessage().contains("sections[1].lines[0]"), e.getMessage());
    }

    @Test
    void badShapesNameTheField() throws Exception {
        assertMessage("title: T\nsections: []\n", "'sections'");
        assertMessage("title: T\nsections:\n  - title: S\n    lines: []\n", "sections[0].section_id");
        assertMessage("title: T\nsections:\n  - {title: S, section_id: A, lines: [{line_id: A.1, line: l}]}\n",
                "sections[0].lines[0].line_summary");
        assertMessage("title: T\nsections:\n  - {title: S, section_id: A, lines: [{line_id: A.1, line_summary: s, line: l, stauts: done}]}\n",
                "sections[0].lines[0].stauts");
        assertMessage("title: T\nsections:\n  - {title: S, section_id: A, lines: [{line_id: A.1, line_summary: s, line: l, timestamp: yesterday}]}\n",
                "sections[0].lines[0].timestamp");
        assertMessage("title: T\nsections:\n  - {title: S, section_id: A, lines: [{line_id: A.1, line_summary: s, line: l, required: maybe}]}\n",
                "sections[0].lines[0].required");
        assertMessage("title: [unclosed\n", "not valid YAML");
    }

    private void assertMessage(String yaml, String expected) throws Exception {
        Path file = write(yaml);
        ChecklistException e = assertThrows(ChecklistException.class, () -> ChecklistIo.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "checklist", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
