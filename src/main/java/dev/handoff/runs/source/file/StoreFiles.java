package dev.handoff.runs.source.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Strict readers for the small files of an MLflow file store: UTF-8 text, meta.yaml, key folders. */
final class StoreFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StoreFiles() {
    }

    static byte[] readBytes(Path file) throws StoreReadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreReadException(file, 0, "missing file");
        } catch (AccessDeniedException e) {
            throw new StoreReadException(file, 0, "permission denied", e);
        } catch (IOException e) {
            throw new StoreReadException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a file as strict UTF-8; invalid bytes are an error naming the line. */
    static String readUtf8(Path file) throws StoreReadException {
        byte[] b = readBytes(file);
        int bad = Utf8.firstInvalid(b, 0, b.length);
        if (bad >= 0) {
            throw new StoreReadException(file, lineOf(b, bad),
                    String.format("not valid UTF-8 (byte 0x%02X at offset %d)", b[bad] & 0xff, bad));
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static int lineOf(byte[] b, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Parses a meta.yaml into a tree; malformed YAML is an error naming the line. */
    static JsonNode readYaml(Path file) throws StoreReadException {
        String text = readUtf8(file);
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                throw new StoreReadException(file, 1, "expected a YAML mapping");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            throw new StoreReadException(file, Math.max(line, 0), "malformed YAML: " + e.getOriginalMessage(), e);
        }
    }

    static String requiredText(JsonNode meta, Path file, String... keys) throws StoreReadException {
        for (String k : keys) {
            JsonNode v = meta.get(k);
            if (v != null && !v.isNull() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        throw new StoreReadException(file, 0, "field '" + keys[0] + "' is missing");
    }

    static String text(JsonNode meta, String key, String missing) {
        JsonNode v = meta.get(key);
        return v == null || v.isNull() ? missing : v.asText();
    }

    static long time(JsonNode meta, Path file, String key) throws StoreReadException {
        JsonNode v = meta.get(key);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return -1;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new StoreReadException(file, 0, "field '" + key + "' is not a whole number: '" + v.asText() + "'");
        }
    }

    /**
     * Reads every file below {@code dir} as a key/value pair: key = relative path with '/', value = the file's text.
     * Missing dir = empty map.
     */
    static Map<String, String> readKeyValues(Path dir) throws StoreReadException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        for (Path f : listFiles(dir)) {
            out.put(keyOf(dir, f), readUtf8(f));
        }
        return out;
    }

    /** All regular files below dir, recursively (nested keys such as {@code val/loss}). */
    static List<Path> listFiles(Path dir) throws StoreReadException {
        List<Path> out = new ArrayList<>();
        collect(dir, out);
        return out;
    }

    private static void collect(Path dir, List<Path> out) throws StoreReadException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    collect(p, out);
                } else {
                    out.add(p);
                }
            }
        } catch (AccessDeniedException e) {
            throw new StoreReadException(dir, 0, "permission denied", e);
        } catch (IOException e) {
            throw new StoreReadException(dir, 0, "cannot list: " + e.getMessage(), e);
        }
    }

    static String keyOf(Path dir, Path file) {
        Path rel = dir.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
