package dev.handoff.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reason-code table a team edits: per feature a code and the plain-language reason shown when the feature pushes
 * a decision toward the adverse outcome, whether the feature is immutable (never changed by a counterfactual: age,
 * a protected attribute) and its expected monotone direction. Read from YAML:
 *
 * <pre>
 * adverse_class: "yes"          # optional: the class that is the adverse decision
 * features:
 *   debt_ratio:
 *     code: R01
 *     reason: Debt payments are high compared with income
 *     monotone: increasing      # optional: risk must not fall as the value rises
 *   age:
 *     code: R90
 *     reason: Age
 *     immutable: true           # optional: counterfactuals never change it
 * </pre>
 *
 * A feature without an entry has no reason text: callers warn, never invent one. The table's SHA-256 (of the file's
 * bytes) names exactly which texts a reviewer saw.
 *
 * @param entries      per feature name, in file order
 * @param adverseClass the adverse class the table declares, or null
 * @param source       where the table came from (file path), for messages and provenance
 * @param sha256       hex SHA-256 of the file's bytes
 */
public record ReasonCodeTable(Map<String, Entry> entries, String adverseClass, String source, String sha256) {
    /** The file a project keeps its table in, beside {@code mlruns/} or {@code mlflow.db}. */
    public static final String FILE_NAME = "reason-codes.yml";

    private static final Set<String> TOP_KEYS = Set.of("adverse_class", "features");
    private static final Set<String> ENTRY_KEYS = Set.of("code", "reason", "immutable", "monotone");

    /** Expected direction of the adverse outcome in a feature's value. */
    public enum Monotone {
        /** Higher values must never lower the risk of the adverse outcome. */
        INCREASING,
        /** Higher values must never raise the risk of the adverse outcome. */
        DECREASING
    }

    /**
     * One feature's mapping.
     *
     * @param code      the reason code, e.g. {@code R01}
     * @param reason    the text shown when the feature pushes toward the adverse outcome
     * @param immutable whether a counterfactual may never change it
     * @param monotone  expected direction, or null
     */
    public record Entry(String code, String reason, boolean immutable, Monotone monotone) {
    }

    public ReasonCodeTable {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The entry of {@code feature}, if the table maps it. */
    public Optional<Entry> entry(String feature) {
        return Optional.ofNullable(entries.get(feature));
    }

    /** Whether the table declares {@code feature} immutable. */
    public boolean isImmutable(String feature) {
        Entry e = entries.get(feature);
        return e != null && e.immutable();
    }

    /** The features declared immutable, in file order. */
    public List<String> immutableFeatures() {
        return entries.entrySet().stream().filter(e -> e.getValue().immutable()).map(Map.Entry::getKey).toList();
    }

    /**
     * Reads a table.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and the feature or key at fault
     */
    public static ReasonCodeTable read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(bytes, file.toString());
    }

    /** Parses a table's YAML bytes; {@code source} names it in messages. */
    public static ReasonCodeTable parse(byte[] yaml, String source) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'features:'");
        }
        rejectUnknown(root, TOP_KEYS, source + ": unknown key");
        JsonNode features = root.path("features");
        if (!features.isObject() || features.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'features:' must map feature names to {code, reason}");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            entries.put(f.getKey(), entry(f.getKey(), f.getValue(), source));
        }
        JsonNode adverse = root.get("adverse_class");
        String adverseClass = adverse == null || adverse.isNull() ? null : adverse.asText();
        return new ReasonCodeTable(entries, adverseClass, source, sha256(yaml));
    }

    private static Entry entry(String feature, JsonNode node, String source) {
        String where = source + ": feature '" + feature + "'";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected {code, reason}");
        }
        rejectUnknown(node, ENTRY_KEYS, where + ": unknown key");
        String code = text(node, "code", where);
        String reason = text(node, "reason", where);
        JsonNode immutable = node.path("immutable");
        if (!immutable.isMissingNode() && !immutable.isBoolean()) {
            throw new IllegalArgumentException(where + ": 'immutable' must be true or false");
        }
        Monotone monotone = null;
        JsonNode m = node.get("monotone");
        if (m != null && !m.isNull()) {
            try {
                monotone = Monotone.valueOf(m.asText().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": 'monotone' must be increasing or decreasing, not '"
                        + m.asText() + "'");
            }
        }
        return new Entry(code, reason, immutable.asBoolean(false), monotone);
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return v.asText().strip();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String what) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + (unknown.size() > 1 ? "s " : " ") + unknown + " (known: "
                    + known.stream().sorted().toList() + ")");
        }
    }

    /**
     * The first {@value #FILE_NAME} found in {@code directories} (nulls skipped), read.
     *
     * @throws IOException              if a found file cannot be read
     * @throws IllegalArgumentException if a found file is malformed
     */
    public static Optional<ReasonCodeTable> find(List<Path> directories) throws IOException {
        for (Path dir : directories) {
            if (dir == null) {
                continue;
            }
            Path file = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(file)) {
                return Optional.of(read(file));
            }
        }
        return Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
