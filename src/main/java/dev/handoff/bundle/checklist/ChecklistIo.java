package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.handoff.bundle.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes checklists as YAML in deon's {@code checklist.yml} shape. Reading validates the
 * shape strictly and reports the file and field at fault (e.g. {@code sections[1].lines[0].status}).
 */
public final class ChecklistIo {
    /** Classpath location of the bundled default checklist. */
    public static final String DEFAULT_RESOURCE = "/dev/handoff/bundle/checklist/default-checklist.yml";

    private static final Set<String> ROOT_FIELDS = Set.of("title", "sections");
    private static final Set<String> SECTION_FIELDS = Set.of("title", "section_id", "lines");
    private static final Set<String> LINE_FIELDS = Set.of("line_id", "line_summary", "line", "required", "status",
            "reviewer", "timestamp", "evidence", "comment");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private ChecklistIo() {
    }

    /** The bundled default checklist, every line pending and required but {@link DefaultLineIds#MONOTONIC_CONSTRAINTS}. */
    public static Checklist loadDefault() {
        try (InputStream in = ChecklistIo.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("bundled checklist is invalid: " + e.getMessage(), e);
        }
    }

    /** Loads a team's checklist file. */
    public static Checklist load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Writes the checklist atomically as YAML. */
    public static void save(Checklist checklist, Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml(checklist));
    }

    /** The checklist as YAML text. */
    public static String toYaml(Checklist checklist) {
        try {
            return YAML.writeValueAsString(checklist);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise checklist", e);
        }
    }

    /**
     * Parses checklist YAML.
     *
     * @param source file name used in error messages
     * @throws ChecklistException naming {@code source} and the field at fault
     */
    public static Checklist parse(String yaml, String source) throws ChecklistException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ChecklistException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        }
        if (root == null || !root.isObject()) {
            throw new ChecklistException(source + ": expected a mapping with 'title' and 'sections'");
        }
        checkFields(source, "", root, ROOT_FIELDS);
        String title = requiredText(source, "title", root.get("title"));
        JsonNode sectionsNode = root.get("sections");
        if (sectionsNode == null || !sectionsNode.isArray() || sectionsNode.isEmpty()) {
            throw new ChecklistException(source + ": field 'sections' must be a non-empty list");
        }
        Set<String> lineIds = new HashSet<>();
        Set<String> sectionIds = new HashSet<>();
        List<ChecklistSection> sections = new ArrayList<>();
        for (int s = 0; s < sectionsNode.size(); s++) {
            String sectionPath = "sections[" + s + "]";
            JsonNode sectionNode = sectionsNode.get(s);
            if (!sectionNode.isObject()) {
                throw new ChecklistException(source + ": field '" + sectionPath + "' must be a mapping");
            }
            checkFields(source, sectionPath + ".", sectionNode, SECTION_FIELDS);
            String sectionTitle = requiredText(source, sectionPath + ".title", sectionNode.get("title"));
            String sectionId = requiredText(source, sectionPath + ".section_id", sectionNode.get("section_id"));
            if (!sectionIds.add(sectionId)) {
                throw new ChecklistException(source + ": duplicate section_id '" + sectionId + "' at " + sectionPath);
            }
            JsonNode linesNode = sectionNode.get("lines");
            if (linesNode == null || !linesNode.isArray()) {
                throw new ChecklistException(source + ": field '" + sectionPath + ".lines' must be a list");
            }
            List<ChecklistLine> lines = new ArrayList<>();
            for (int l = 0; l < linesNode.size(); l++) {
                String linePath = sectionPath + ".lines[" + l + "]";
                ChecklistLine line = parseLine(source, linePath, linesNode.get(l));
                if (!lineIds.add(line.lineId())) {
                    throw new ChecklistException(source + ": duplicate line_id '" + line.lineId() + "' at " + linePath);
                }
                lines.add(line);
            }
            sections.add(new ChecklistSection(sectionTitle, sectionId, lines));
        }
        return new Checklist(title, sections);
    }

    private static ChecklistLine parseLine(String source, String path, JsonNode node) throws ChecklistException {
        if (node == null || !node.isObject()) {
            throw new ChecklistException(source + ": field '" + path + "' must be a mapping");
        }
        checkFields(source, path + ".", node, LINE_FIELDS);
        String id = requiredText(source, path + ".line_id", node.get("line_id"));
        String summary = requiredText(source, path + ".line_summary", node.get("line_summary"));
        String text = requiredText(source, path + ".line", node.get("line"));
        boolean required = true;
        JsonNode requiredNode = node.get("required");
        if (requiredNode != null && !requiredNode.isNull()) {
            if (!requiredNode.isBoolean()) {
                throw new ChecklistException(source + ": field '" + path + ".required' must be true or false");
            }
            required = requiredNode.booleanValue();
        }
        LineStatus status = LineStatus.PENDING;
        String statusText = optionalText(source, path + ".status", node.get("status"));
        if (statusText != null) {
            status = LineStatus.fromYaml(statusText).orElseThrow(() -> new ChecklistException(source + ": field '"
                    + path + ".status' has unknown status '" + statusText + "' (allowed: "
                    + Arrays.stream(LineStatus.values()).map(LineStatus::yaml).collect(Collectors.joining(", ")) + ")"));
        }
        String timestamp = optionalText(source, path + ".timestamp", node.get("timestamp"));
        if (timestamp != null) {
            try {
                OffsetDateTime.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw new ChecklistException(source + ": field '" + path + ".timestamp' is not an ISO-8601 date-time"
                        + " with offset: '" + timestamp + "'", e);
            }
        }
        return new ChecklistLine(id, summary, text, required, status,
                optionalText(source, path + ".reviewer", node.get("reviewer")), timestamp,
                optionalText(source, path + ".evidence", node.get("evidence")),
                optionalText(source, path + ".comment", node.get("comment")));
    }

    private static void checkFields(String source, String prefix, JsonNode node, Set<String> allowed)
            throws ChecklistException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ChecklistException(source + ": unknown field '" + prefix + name + "' (allowed: "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private static String requiredText(String source, String path, JsonNode node) throws ChecklistException {
        String text = optionalText(source, path, node);
        if (text == null || text.isBlank()) {
            throw new ChecklistException(source + ": missing required field '" + path + "'");
        }
        return text;
    }

    private static String optionalText(String source, String path, JsonNode node) throws ChecklistException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode() || node.isBinary()) {
            throw new ChecklistException(source + ": field '" + path + "' must be text");
        }
        return node.asText();
    }
}
