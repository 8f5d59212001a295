package dev.handoff.bundle.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.bundle.io.Digests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The digest a sign-off names its result by: SHA-256 of the result's canonical JSON (Jackson's serialization with
 * every object's keys sorted, no whitespace). The same value read back from a bundle or a review file gives the same
 * digest, so a result that changed after it was signed no longer matches its sign-off.
 */
public final class ResultDigest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultDigest() {
    }

    /** The result (any JSON-serializable value) as a JSON tree with sorted keys. */
    public static JsonNode canonical(Object result) {
        JsonNode tree = result instanceof JsonNode node ? node : JSON.valueToTree(result);
        return sorted(tree);
    }

    /** Hex SHA-256 of the canonical JSON of {@code result}. */
    public static String sha256(Object result) {
        try {
            return Digests.sha256Hex(JSON.writeValueAsBytes(canonical(result)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
