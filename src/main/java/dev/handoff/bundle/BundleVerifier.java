package dev.handoff.bundle;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.io.SafeZip;
import dev.handoff.bundle.manifest.BundleManifest;
import dev.handoff.bundle.manifest.Dsse;
import dev.handoff.bundle.manifest.ManifestException;
import dev.handoff.bundle.manifest.ResourceDigest;
import dev.handoff.bundle.VerificationReport.SignatureStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Recomputes every digest of a bundle and checks the manifest signature. */
public final class BundleVerifier {
    private BundleVerifier() {
    }

    /**
     * Verifies a bundle directory or zip.
     *
     * @param trustedKey Ed25519 public key the manifest must be signed with, or null to check integrity only
     */
    public static VerificationReport verify(Path dirOrZip, PublicKey trustedKey) {
        return verify(dirOrZip, trustedKey, SafeZip.Limits.defaults());
    }

    public static VerificationReport verify(Path dirOrZip, PublicKey trustedKey, SafeZip.Limits limits) {
        try (OpenedBundle bundle = BundleReader.open(dirOrZip, limits)) {
            return verifyOpened(bundle, trustedKey);
        } catch (IOException e) {
            return failed(null, List.of(e.getMessage()));
        }
    }

    private static VerificationReport verifyOpened(OpenedBundle bundle, PublicKey trustedKey) throws IOException {
        Path root = bundle.root();
        Path statementFile = root.resolve(BundleLayout.STATEMENT);
        if (!Files.isRegularFile(statementFile, LinkOption.NOFOLLOW_LINKS)) {
            return failed(null, List.of(bundle.source() + ": no " + BundleLayout.STATEMENT));
        }
        byte[] statement = Files.readAllBytes(statementFile);
        BundleManifest manifest;
        try {
            manifest = BundleManifest.fromStatementJson(statement, bundle.source() + "!" + BundleLayout.STATEMENT);
        } catch (ManifestException e) {
            return failed(null, List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        SignatureStatus signature = checkSignature(bundle, statement, trustedKey, problems);

        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                String name = SafeZip.relativeName(root, p);
                if (Files.isSymbolicLink(p)) {
                    problems.add("symbolic link not allowed: " + name);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    onDisk.add(name);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (ResourceDigest resource : manifest.resources()) {
            String name = resource.name();
            listed.add(name);
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || BundleLayout.MANIFEST_FILES.contains(name)) {
                problems.add("manifest lists an invalid path: " + name);
            } else if (!onDisk.contains(name)) {
                missing.add(name);
            } else if (!Digests.sha256Hex(file).equals(resource.digest())) {
                changed.add(name);
            }
        }
        List<String> extra = onDisk.stream()
                .filter(n -> !listed.contains(n) && !BundleLayout.MANIFEST_FILES.contains(n)).toList();
        problems.addAll(signOffProblems(root));
        boolean signatureOk = trustedKey == null ? signature != SignatureStatus.INVALID : signature == SignatureStatus.VALID;
        boolean intact = missing.isEmpty() && extra.isEmpty() && changed.isEmpty() && problems.isEmpty() && signatureOk;
        return new VerificationReport(manifest.name(), missing, extra, changed, signature, problems, intact);
    }

    /**
     * The sign-offs of {@code explanations/signoffs.json} must name the bundle's model (bundle.json's
     * {@code sections.tribuo.model_sha256}) and a result's sign-off must carry its result unchanged.
     */
    private static List<String> signOffProblems(Path root) {
        Path file = root.resolve(BundleLayout.EXPLANATIONS_DIR + "/signoffs.json");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            Path metadata = root.resolve(BundleLayout.METADATA);
            String modelSha = Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)
                    ? json.readTree(metadata.toFile()).at("/sections/tribuo/model_sha256").asText(null) : null;
            return dev.handoff.bundle.review.SignOffCheck.problems(json.readTree(file.toFile()),
                    modelSha == null || modelSha.isEmpty() ? null : modelSha).stream()
                    .map(p -> BundleLayout.EXPLANATIONS_DIR + "/signoffs.json: " + p).toList();
        } catch (IOException e) {
            return List.of(BundleLayout.EXPLANATIONS_DIR + "/signoffs.json: unreadable: " + e.getMessage());
        }
    }

    private static SignatureStatus checkSignature(OpenedBundle bundle, byte[] statement, PublicKey trustedKey,
                                                  List<String> problems) throws IOException {
        Path sigstore = bundle.root().resolve(BundleLayout.SIGSTORE_SIGNATURE);
        if (Files.isRegularFile(sigstore, LinkOption.NOFOLLOW_LINKS)) {
            return checkSigstore(bundle, sigstore, statement, trustedKey, problems);
        }
        Path signatureFile = bundle.root().resolve(BundleLayout.SIGNATURE);
        if (!Files.isRegularFile(signatureFile, LinkOption.NOFOLLOW_LINKS)) {
            if (trustedKey != null) {
                problems.add("a trusted key was given but the bundle has no " + BundleLayout.SIGNATURE);
            }
            return SignatureStatus.UNSIGNED;
        }
        Dsse.Envelope envelope;
        try {
            envelope = Dsse.fromJson(Files.readAllBytes(signatureFile), bundle.source() + "!" + BundleLayout.SIGNATURE);
        } catch (ManifestException e) {
            problems.add(e.getMessage());
            return SignatureStatus.INVALID;
        }
        if (!BundleManifest.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            problems.add(BundleLayout.SIGNATURE + ": payloadType is '" + envelope.payloadType() + "', expected '"
                    + BundleManifest.PAYLOAD_TYPE + "'");
            return SignatureStatus.INVALID;
        }
        if (!Arrays.equals(envelope.payloadBytes(), statement)) {
            problems.add(BundleLayout.SIGNATURE + ": signed payload differs from " + BundleLayout.STATEMENT);
            return SignatureStatus.INVALID;
        }
        if (trustedKey == null) {
            return SignatureStatus.NOT_CHECKED;
        }
        if (Dsse.verify(envelope, trustedKey)) {
            return SignatureStatus.VALID;
        }
        problems.add(BundleLayout.SIGNATURE + ": signature does not verify with the trusted key");
        return SignatureStatus.INVALID;
    }

    /** {@code model.sig}: a Sigstore bundle whose DSSE payload must be the statement, signed by the trusted P-256 key. */
    private static SignatureStatus checkSigstore(OpenedBundle bundle, Path file, byte[] statement, PublicKey trustedKey,
                                                 List<String> problems) throws IOException {
        dev.handoff.bundle.manifest.SigstoreBundle.Parsed parsed;
        try {
            parsed = dev.handoff.bundle.manifest.SigstoreBundle.parse(Files.readAllBytes(file),
                    bundle.source() + "!" + BundleLayout.SIGSTORE_SIGNATURE);
        } catch (ManifestException e) {
            problems.add(e.getMessage());
            return SignatureStatus.INVALID;
        }
        if (!BundleManifest.PAYLOAD_TYPE.equals(parsed.payloadType())) {
            problems.add(BundleLayout.SIGSTORE_SIGNATURE + ": payloadType is '" + parsed.payloadType() + "', expected '"
                    + BundleManifest.PAYLOAD_TYPE + "'");
            return SignatureStatus.INVALID;
        }
        if (!Arrays.equals(parsed.payload(), statement)) {
            problems.add(BundleLayout.SIGSTORE_SIGNATURE + ": signed payload differs from " + BundleLayout.STATEMENT);
            return SignatureStatus.INVALID;
        }
        if (trustedKey == null) {
            return SignatureStatus.NOT_CHECKED;
        }
        if (parsed.verifies(trustedKey)) {
            return SignatureStatus.VALID;
        }
        problems.add(BundleLayout.SIGSTORE_SIGNATURE + ": signature does not verify with the trusted key"
                + (dev.handoff.bundle.manifest.EcKeys.isEc(trustedKey) ? "" : " (model.sig needs a P-256 key)"));
        return SignatureStatus.INVALID;
    }

    private static VerificationReport failed(String name, List<String> problems) {
        return new VerificationReport(name, List.of(), List.of(), List.of(), SignatureStatus.UNSIGNED, problems, false);
    }
}
