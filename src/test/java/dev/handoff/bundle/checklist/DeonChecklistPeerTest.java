package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default checklist against deon's own: deon from PyPI, in its own venv, reads the {@code checklist.yml} it
 * packages; every default line in deon's namespace must carry deon's id, section and topic ({@code line_summary}),
 * deon's every line must be in the default, and our own lines must use ids deon's namespace cannot hold.
 */
@Tag("peer")
class DeonChecklistPeerTest {
    private static final Pattern DEON_ID = Pattern.compile("[A-Z]\\.[0-9]+");

    @TempDir
    Path tmp;

    @Test
    void defaultIdsAndTopicsAreDeonsPackagedOnes() throws Exception {
        MlflowPeer deon = MlflowPeer.requireVenv("deon-" + DefaultLineIds.DEON_VERSION,
                List.of("deon==" + DefaultLineIds.DEON_VERSION), "import deon.deon, deon.parser");
        Path out = tmp.resolve("deon.json");
        deon.runPython(tmp, Duration.ofMinutes(2), Map.of(), MlflowPeer.script("deon_checklist.py").toString(),
                out.toString()).requireSuccess();
        JsonNode theirs = new ObjectMapper().readTree(out.toFile());
        assertEquals(DefaultLineIds.DEON_VERSION, theirs.get("deon_version").asText());

        Map<String, String> deonTopics = new LinkedHashMap<>();
        Map<String, String> deonSections = new LinkedHashMap<>();
        Map<String, String> deonSectionTitles = new LinkedHashMap<>();
        for (JsonNode s : theirs.get("sections")) {
            deonSectionTitles.put(s.get("section_id").asText(), s.get("title").asText());
            for (JsonNode l : s.get("lines")) {
                deonTopics.put(l.get("line_id").asText(), l.get("line_summary").asText());
                deonSections.put(l.get("line_id").asText(), s.get("section_id").asText());
            }
        }
        assertEquals(21, deonTopics.size(), "deon " + DefaultLineIds.DEON_VERSION + " packages 21 lines: " + deonTopics);
        assertEquals("Concept drift", deonTopics.get(DefaultLineIds.CONCEPT_DRIFT));

        Checklist ours = ChecklistIo.loadDefault();
        Map<String, String> ourDeonTopics = new LinkedHashMap<>();
        List<String> ownIds = new ArrayList<>();
        for (ChecklistSection section : ours.sections()) {
            for (ChecklistLine line : section.lines()) {
                if (DEON_ID.matcher(line.lineId()).matches()) {
                    ourDeonTopics.put(line.lineId(), line.lineSummary());
                    assertEquals(deonSections.get(line.lineId()), section.sectionId(), line.lineId() + "'s section");
                    assertEquals(deonSectionTitles.get(section.sectionId()), section.title(),
                            "section " + section.sectionId() + "'s title");
                } else {
                    ownIds.add(line.lineId());
                    assertFalse(deonTopics.containsKey(line.lineId()), line.lineId());
                }
            }
        }
        // same ids, same order, same topic for each: E.1 redress, E.2 roll back, E.3 concept drift, ...
        assertEquals(new ArrayList<>(deonTopics.entrySet()), new ArrayList<>(ourDeonTopics.entrySet()));
        assertEquals(DefaultLineIds.DEON, List.copyOf(deonTopics.keySet()));
        assertEquals(DefaultLineIds.OWN, ownIds);
        assertTrue(ownIds.stream().allMatch(id -> id.startsWith(DefaultLineIds.OWN_SECTION_ID + ".")), ownIds.toString());
    }
}
