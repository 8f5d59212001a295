package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * Dead Simple Signing Envelope (secure-systems-lab/dsse v1): the signature covers the
 * pre-authentication encoding {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, never the raw payload.
 */
public final class Dsse {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One signature: key id and base64 signature bytes. */
    @JsonPropertyOrder({"keyid", "sig"})
    public record EnvelopeSignature(String keyid, String sig) {
    }

    /** The envelope as serialised: base64 payload, its type, and signatures. */
    @JsonPropertyOrder({"payloadType", "payload", "signatures"})
    public record Envelope(String payloadType, String payload, List<EnvelopeSignature> signatures) {
        public Envelope {
            signatures = List.copyOf(signatures);
        }

        /** The decoded payload bytes. */
        public byte[] payloadBytes() {
            return Base64.getDecoder().decode(payload);
        }
    }

    private Dsse() {
    }

    /** The DSSE v1 pre-authentication encoding. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Signs {@code payload} with an Ed25519 key. */
    public static Envelope sign(String payloadType, byte[] payload, PrivateKey key, String keyId)
            throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(pae(payloadType, payload));
        String sig = Base64.getEncoder().encodeToString(signer.sign());
        return new Envelope(payloadType, Base64.getEncoder().encodeToString(payload),
                List.of(new EnvelopeSignature(keyId, sig)));
    }

    /** Whether any signature of the envelope verifies with {@code key}. */
    public static boolean verify(Envelope envelope, PublicKey key) {
        byte[] message = pae(envelope.payloadType(), envelope.payloadBytes());
        for (EnvelopeSignature s : envelope.signatures()) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(Base64.getDecoder().decode(s.sig()))) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a malformed or foreign signature simply does not verify
            }
        }
        return false;
    }

    /** The envelope as JSON bytes. */
    public static byte[] toJson(Envelope envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise envelope", e);
        }
    }

    /** Parses an envelope, checking that payload and signatures are present and base64. */
    public static Envelope fromJson(byte[] json, String source) throws ManifestException {
        Envelope envelope;
        try {
            envelope = JSON.readValue(json, Envelope.class);
        } catch (IOException e) {
            throw new ManifestException(source + ": not a DSSE envelope: " + e.getMessage(), e);
        }
        if (envelope.payloadType() == null || envelope.payload() == null || envelope.signatures().isEmpty()) {
            throw new ManifestException(source + ": DSSE envelope needs payloadType, payload and signatures");
        }
        try {
            envelope.payloadBytes();
            envelope.signatures().forEach(s -> Base64.getDecoder().decode(s.sig()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ManifestException(source + ": DSSE payload or signature is not base64", e);
        }
        return envelope;
    }
}
