package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.io.SafeZip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The digests of every file in a bundle, expressed as an in-toto Statement v1 with the OpenSSF
 * model-signing predicate ({@code https://model_signing/signature/v1.0}, as in sigstore/model-transparency):
 * the subject is the bundle name with a SHA-256 over the concatenated raw resource digests in name order,
 * the predicate lists every resource as {name, algorithm, digest} plus the serialization parameters.
 *
 * @param name bundle name (subject name)
 * @param rootDigest hex SHA-256 over the sorted resource digests
 * @param resources files sorted by name
 * @param ignorePaths files of the bundle deliberately not covered (the manifest and its signature)
 */
public record BundleManifest(String name, String rootDigest, List<ResourceDigest> resources, List<String> ignorePaths) {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String SHA256 = "sha256";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BundleManifest {
        resources = resources.stream().sorted(Comparator.comparing(ResourceDigest::name)).toList();
        ignorePaths = List.copyOf(ignorePaths);
    }

    /** Hashes every regular file under {@code dir} except {@code ignore} (relative '/'-names). Symlinks are refused. */
    public static BundleManifest compute(String name, Path dir, Set<String> ignore) throws IOException {
        List<ResourceDigest> resources = new ArrayList<>();
        for (Path file : listFiles(dir)) {
            String relative = SafeZip.relativeName(dir, file);
            if (!ignore.contains(relative)) {
                resources.add(new ResourceDigest(relative, SHA256, Digests.sha256Hex(file)));
            }
        }
        return new BundleManifest(name, rootDigest(resources), resources, ignore.stream().sorted().toList());
    }

    /**
     * Every regular file under {@code dir}, sorted.
     *
     * @throws IOException if the tree contains a symbolic link or a special file
     */
    public static List<Path> listFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                if (Files.isSymbolicLink(p)) {
                    throw new IOException(p + ": symbolic links are not allowed in a bundle");
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(p + ": not a regular file or directory");
                }
            }
        }
        return files;
    }

    /** SHA-256 over the raw bytes of the resource digests, in name order. */
    public static String rootDigest(List<ResourceDigest> resources) {
        MessageDigest digest = Digests.sha256();
        HexFormat hex = HexFormat.of();
        resources.stream().sorted(Comparator.comparing(ResourceDigest::name))
                .forEach(r -> digest.update(hex.parseHex(r.digest())));
        return hex.formatHex(digest.digest());
    }

    /** The in-toto statement as pretty-printed UTF-8 JSON. */
    public byte[] toStatementJson() {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", STATEMENT_TYPE);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", name);
        subject.putObject("digest").put(SHA256, rootDigest);
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        ObjectNode serialization = predicate.putObject("serialization");
        serialization.put("method", "files");
        serialization.put("hash_type", SHA256);
        serialization.put("allow_symlinks", false);
        ArrayNode ignored = serialization.putArray("ignore_paths");
        ignorePaths.forEach(ignored::add);
        predicate.set("resources", JSON.valueToTree(resources));
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise statement", e);
        }
    }

    /**
     * Parses and checks a statement: statement and predicate type, one subject, well-formed resources,
     * and a subject digest that matches the listed resources.
     *
     * @param source file name for error messages
     */
    public static BundleManifest fromStatementJson(byte[] json, String source) throws ManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ManifestException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(source + ": expected a JSON object");
        }
        expect(source, "_type", root.path("_type").asText(), STATEMENT_TYPE);
        expect(source, "predicateType", root.path("predicateType").asText(), PREDICATE_TYPE);
        JsonNode subjects = root.path("subject");
        if (!subjects.isArray() || subjects.size() != 1) {
            throw new ManifestException(source + ": field 'subject' must list exactly one subject");
        }
        String name = text(source, "subject[0].name", subjects.get(0).path("name"));
        String root256 = text(source, "subject[0].digest.sha256", subjects.get(0).path("digest").path(SHA256));
        JsonNode resourcesNode = root.path("predicate").path("resources");
        if (!resourcesNode.isArray()) {
            throw new ManifestException(source + ": field 'predicate.resources' must be a list");
        }
        List<ResourceDigest> resources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < resourcesNode.size(); i++) {
            JsonNode r = resourcesNode.get(i);
            String field = "predicate.resources[" + i + "]";
            String algorithm = text(source, field + ".algorithm", r.path("algorithm"));
            if (!SHA256.equals(algorithm)) {
                throw new ManifestException(source + ": field '" + field + ".algorithm' is '" + algorithm
                        + "', only sha256 is supported");
            }
            String digest = text(source, field + ".digest", r.path("digest"));
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new ManifestException(source + ": field '" + field + ".digest' is not a hex SHA-256");
            }
            String resourceName = text(source, field + ".name", r.path("name"));
            if (!names.add(resourceName)) {
                throw new ManifestException(source + ": field '" + field + ".name' repeats '" + resourceName + "'");
            }
            resources.add(new ResourceDigest(resourceName, algorithm, digest));
        }
        String recomputed = rootDigest(resources);
        if (!recomputed.equals(root256)) {
            throw new ManifestException(source + ": subject digest " + root256
                    + " does not match the listed resources (" + recomputed + ")");
        }
        List<String> ignore = new ArrayList<>();
        root.path("predicate").path("serialization").path("ignore_paths").forEach(n -> ignore.add(n.asText()));
        return new BundleManifest(name, root256, resources, ignore);
    }

    private static void expect(String source, String field, String actual, String expected) throws ManifestException {
        if (!expected.equals(actual)) {
            throw new ManifestException(source + ": field '" + field + "' is '" + actual + "', expected '" + expected + "'");
        }
    }

    private static String text(String source, String field, JsonNode node) throws ManifestException {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new ManifestException(source + ": missing or non-text field '" + field + "'");
        }
        return node.asText();
    }
}
