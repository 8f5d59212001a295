package dev.handoff.bundle.manifest;

import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.bundle.io.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 key pairs (JDK built-in) and their PEM files: PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys. */
public final class Ed25519Keys {
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    /** A fresh key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is built into JDK 15+", e);
        }
    }

    /** Key id used in signatures: hex SHA-256 of the DER public key. */
    public static String keyId(PublicKey key) {
        return Digests.sha256Hex(key.getEncoded());
    }

    public static String toPem(PrivateKey key) {
        return pem(PRIVATE_LABEL, key.getEncoded());
    }

    public static String toPem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /**
     * Writes the private key atomically; on POSIX file systems the file is readable and writable by its owner only
     * (mode 0600, set on the temporary file before the key is written into it and the file renamed into place).
     * Elsewhere the platform's default ACLs apply.
     */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        AtomicFiles.writeString(file, PosixFilePermissions.fromString("rw-------"), toPem(key));
    }

    public static void writePublicKey(PublicKey key, Path file) throws IOException {
        AtomicFiles.writeString(file, toPem(key));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = parsePem(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE_LABEL, file);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = parsePem(Files.readString(file, StandardCharsets.US_ASCII), PUBLIC_LABEL, file);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an Ed25519 SubjectPublicKeyInfo public key: " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] parsePem(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + ": no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": PEM body is not base64", e);
        }
    }
}
