package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A Sigstore bundle v0.3 (JSON) holding the manifest statement in a DSSE envelope signed with an ECDSA P-256 key, as
 * OpenSSF model-signing's key signer writes it ({@code model.sig}): {@code mediaType}, {@code verificationMaterial}
 * with the public key hint (hex SHA-256 of the PEM public key) and no transparency-log entries, and
 * {@code dsseEnvelope} with the base64 payload, {@code payloadType} {@code application/vnd.in-toto+json} and one
 * DER-encoded SHA256withECDSA signature over the DSSE pre-authentication encoding.
 */
public final class SigstoreBundle {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SigstoreBundle() {
    }

    /** Signs {@code statement} (the exact bytes of the in-toto statement) and returns the bundle's JSON. */
    public static byte[] sign(byte[] statement, PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(EcKeys.SIGNATURE_ALGORITHM);
        signer.initSign(key);
        signer.update(Dsse.pae(BundleManifest.PAYLOAD_TYPE, statement));
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", MEDIA_TYPE);
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", EcKeys.hint(publicKey));
        material.putArray("tlogEntries");
        ObjectNode envelope = root.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(statement));
        envelope.put("payloadType", BundleManifest.PAYLOAD_TYPE);
        envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(signer.sign()))
                .put("keyid", "");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise Sigstore bundle", e);
        }
    }

    /** A parsed bundle: the signed statement bytes, the key hint and the signature. */
    public record Parsed(byte[] payload, String payloadType, String hint, byte[] signature) {
        /** Whether the signature verifies with {@code key} (and the hint, when present, names it). */
        public boolean verifies(PublicKey key) {
            if (!EcKeys.isEc(key) || (hint != null && !hint.isEmpty() && !hint.equals(EcKeys.hint(key)))) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance(EcKeys.SIGNATURE_ALGORITHM);
                verifier.initVerify(key);
                verifier.update(Dsse.pae(payloadType, payload));
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /** Parses a bundle, checking its media type and that it carries one DSSE signature. */
    public static Parsed parse(byte[] json, String source) throws ManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ManifestException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (!MEDIA_TYPE.equals(root.path("mediaType").asText())) {
            throw new ManifestException(source + ": mediaType is '" + root.path("mediaType").asText() + "', expected '"
                    + MEDIA_TYPE + "'");
        }
        JsonNode envelope = root.path("dsseEnvelope");
        JsonNode sigs = envelope.path("signatures");
        if (!envelope.isObject() || !sigs.isArray() || sigs.size() != 1) {
            throw new ManifestException(source + ": needs a dsseEnvelope with exactly one signature");
        }
        try {
            return new Parsed(Base64.getDecoder().decode(envelope.path("payload").asText()),
                    envelope.path("payloadType").asText(), root.path("verificationMaterial").path("publicKey")
                    .path("hint").asText(null), Base64.getDecoder().decode(sigs.get(0).path("sig").asText()));
        } catch (IllegalArgumentException e) {
            throw new ManifestException(source + ": payload or signature is not base64", e);
        }
    }
}
