package dev.handoff.bundle.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.handoff.bundle.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes one {@link SavedView} JSON file; writes are atomic, read errors name the file. */
public final class SavedViewFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a newer workbench of the same format may add fields: read what this one knows
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SavedViewFiles() {
    }

    /** Writes {@code view} to {@code file} (temp file + rename). */
    public static void write(Path file, SavedView view) throws IOException {
        AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(view));
    }

    /** The JSON text of a view. */
    public static String toJson(SavedView view) throws IOException {
        return JSON.writeValueAsString(view);
    }

    /**
     * @throws IOException naming {@code file}: missing, not JSON (with line and column), not a view, or a format
     *                     other than {@value SavedView#FORMAT}
     */
    public static SavedView read(Path file) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException(file + ": not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + ": not a saved view (expected a JSON object with \"format\": \""
                    + SavedView.FORMAT + "\")");
        }
        JsonNode format = tree.get("format");
        if (format == null || !format.isTextual()) {
            throw new IOException(file + ": not a saved view (no \"format\" field; expected \"" + SavedView.FORMAT + "\")");
        }
        if (!format.asText().equals(SavedView.FORMAT)) {
            throw new IOException(file + ": unsupported view format '" + format.asText() + "' (this workbench reads "
                    + SavedView.FORMAT + ")");
        }
        try {
            return JSON.treeToValue(tree, SavedView.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? " field '" + path(m) + "'" : "";
            throw new IOException(file + ": bad saved view" + field + ": "
                    + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** The JSON path of a mapping error, e.g. {@code compare.differencesOnly} or {@code runIds[2]}. */
    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
