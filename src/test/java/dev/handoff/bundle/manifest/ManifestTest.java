package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void paeMatchesTheDsseSpecificationExample() {
        byte[] pae = Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(pae, StandardCharsets.UTF_8));
    }

    @Test
    void statementListsEveryFileAndSubjectDigestCoversSortedDigests() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "bee");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.txt"), "ay");
        Files.writeString(dir.resolve("manifest.intoto.json"), "ignored");
        BundleManifest manifest = BundleManifest.compute("demo", dir, Set.of("manifest.intoto.json"));

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] b = MessageDigest.getInstance("SHA-256").digest("bee".getBytes(StandardCharsets.UTF_8));
        byte[] a = MessageDigest.getInstance("SHA-256").digest("ay".getBytes(StandardCharsets.UTF_8));
        sha.update(b);   // "b.txt" sorts before "sub/a.txt"
        sha.update(a);
        assertEquals(HexFormat.of().formatHex(sha.digest()), manifest.rootDigest());

        JsonNode json = new ObjectMapper().readTree(manifest.toStatementJson());
        assertEquals("https://in-toto.io/Statement/v1", json.path("_type").asText());
        assertEquals("https://model_signing/signature/v1.0", json.path("predicateType").asText());
        assertEquals("demo", json.path("subject").get(0).path("name").asText());
        assertEquals(manifest.rootDigest(), json.path("subject").get(0).path("digest").path("sha256").asText());
        JsonNode resources = json.path("predicate").path("resources");
        assertEquals(2, resources.size());
        assertEquals("b.txt", resources.get(0).path("name").asText());
        assertEquals("sub/a.txt", resources.get(1).path("name").asText());
        assertEquals(HexFormat.of().formatHex(a), resources.get(1).path("digest").asText());
        assertEquals("sha256", resources.get(1).path("algorithm").asText());
        assertEquals("files", json.path("predicate").path("serialization").path("method").asText());

        assertEquals(manifest, BundleManifest.fromStatementJson(manifest.toStatementJson(), "m.json"));
    }

    @Test
    void inconsistentSubjectDigestIsRejected() throws Exception {
        Files.writeString(dir.resolve("x"), "x");
        String json = new String(BundleManifest.compute("demo", dir, Set.of()).toStatementJson(), StandardCharsets.UTF_8);
        String tampered = json.replaceFirst("\"digest\" : \"[0-9a-f]{64}\"", "\"digest\" : \"" + "0".repeat(64) + "\"");
        ManifestException e = assertThrows(ManifestException.class,
                () -> BundleManifest.fromStatementJson(tampered.getBytes(StandardCharsets.UTF_8), "m.json"));
        assertTrue(e.getMessage().contains("m.json"));
    }

    @Test
    void ed25519SignaturesVerifyOnlyWithTheMatchingKey() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        KeyPair other = Ed25519Keys.generate();
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Dsse.Envelope envelope = Dsse.sign(BundleManifest.PAYLOAD_TYPE, payload, keys.getPrivate(),
                Ed25519Keys.keyId(keys.getPublic()));
        assertTrue(Dsse.verify(envelope, keys.getPublic()));
        assertFalse(Dsse.verify(envelope, other.getPublic()));
        Dsse.Envelope retyped = new Dsse.Envelope("text/plain", envelope.payload(), envelope.signatures());
        assertFalse(Dsse.verify(retyped, keys.getPublic()), "PAE binds the payload type");

        Dsse.Envelope parsed = Dsse.fromJson(Dsse.toJson(envelope), "sig.json");
        assertArrayEquals(payload, parsed.payloadBytes());
        assertTrue(Dsse.verify(parsed, keys.getPublic()));
    }

    @Test
    void pemKeysRoundTrip() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path priv = dir.resolve("key.pem");
        Path pub = dir.resolve("key.pub.pem");
        Ed25519Keys.writePrivateKey(keys.getPrivate(), priv);
        Ed25519Keys.writePublicKey(keys.getPublic(), pub);
        assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertArrayEquals(keys.getPrivate().getEncoded(), Ed25519Keys.readPrivateKey(priv).getEncoded());
        assertArrayEquals(keys.getPublic().getEncoded(), Ed25519Keys.readPublicKey(pub).getEncoded());
        var e = assertThrows(java.io.IOException.class, () -> Ed25519Keys.readPublicKey(priv));
        assertTrue(e.getMessage().contains(priv.toString()));
    }

    @Test
    void privateKeyFileIsOwnerOnlyEvenWhenItReplacesAWorldReadableFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class),
                "needs a POSIX file system");
        Path priv = dir.resolve("signing.key");
        Files.writeString(priv, "old");
        Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        KeyPair keys = Ed25519Keys.generate();
        Ed25519Keys.writePrivateKey(keys.getPrivate(), priv);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertArrayEquals(keys.getPrivate().getEncoded(), Ed25519Keys.readPrivateKey(priv).getEncoded());
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(priv), files.toList(), "no temp file left behind");
        }
    }
}
