package dev.handoff.bundle.manifest;

import dev.handoff.bundle.io.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * ECDSA P-256 keys (JDK built-in), the default signing keys: PKCS#8 / SubjectPublicKeyInfo PEM, as OpenSSF
 * model-signing's {@code verify key} loads them. {@link #readPrivateKey} / {@link #readPublicKey} also read the
 * Ed25519 keys of older bundles.
 */
public final class EcKeys {
    /** JCA signature algorithm for P-256: SHA-256 with ECDSA, DER-encoded signature (what model-signing verifies). */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private EcKeys() {
    }

    /** A fresh P-256 (secp256r1) key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is built into the JDK", e);
        }
    }

    /** Whether {@code key} is an elliptic-curve (ECDSA) key. */
    public static boolean isEc(java.security.Key key) {
        return "EC".equals(key.getAlgorithm());
    }

    /**
     * The Sigstore bundle's public key hint, as model-signing computes it: hex SHA-256 of the key's PEM
     * SubjectPublicKeyInfo text.
     */
    public static String hint(PublicKey key) {
        return Digests.sha256Hex(Ed25519Keys.toPem(key).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a PKCS#8 PEM private key: P-256, or Ed25519 (older bundles). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block (PKCS#8 PEM)");
        }
        byte[] der = java.util.Base64.getMimeDecoder().decode(text.substring(
                text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----")));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
            return Ed25519Keys.readPrivateKey(file);
        }
    }

    /** Reads a SubjectPublicKeyInfo PEM public key: P-256 (checked), or Ed25519 (older bundles). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IOException(file + ": no '-----BEGIN PUBLIC KEY-----' block");
        }
        byte[] der = java.util.Base64.getMimeDecoder().decode(text.substring(
                text.indexOf("-----BEGIN PUBLIC KEY-----") + 26, text.indexOf("-----END PUBLIC KEY-----")));
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
            return Ed25519Keys.readPublicKey(file);
        }
        if (((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IOException(file + ": only P-256 elliptic-curve keys are supported");
        }
        return key;
    }
}
