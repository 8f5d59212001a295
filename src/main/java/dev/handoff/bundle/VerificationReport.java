package dev.handoff.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link BundleVerifier} found.
 *
 * @param bundleName subject name from the manifest, or null when there is no readable manifest
 * @param missing files listed in the manifest but absent
 * @param extra files present but not listed in the manifest
 * @param changed files whose SHA-256 differs from the manifest
 * @param signature state of the manifest signature
 * @param problems anything else that prevents a clean verification (unreadable manifest, unsafe archive, symlinks)
 * @param intact true only when nothing is missing, extra or changed, there are no problems, and the
 *               signature is {@link SignatureStatus#VALID} whenever a trusted key was given
 */
public record VerificationReport(String bundleName, List<String> missing, List<String> extra, List<String> changed,
                                 SignatureStatus signature, List<String> problems, boolean intact) {

    /** State of the signature over the manifest. */
    public enum SignatureStatus {
        /** No signature file. */
        UNSIGNED,
        /** Signed, but no trusted key was given to check it with. */
        NOT_CHECKED,
        /** Verified with the trusted key. */
        VALID,
        /** Does not verify with the trusted key, or does not cover this manifest. */
        INVALID
    }

    public VerificationReport {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        changed = List.copyOf(changed);
        problems = List.copyOf(problems);
    }

    /** One line per finding, for CLI and UI. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        missing.forEach(f -> lines.add("missing: " + f));
        extra.forEach(f -> lines.add("extra: " + f));
        changed.forEach(f -> lines.add("changed: " + f));
        problems.forEach(p -> lines.add("problem: " + p));
        lines.add("signature: " + signature.name().toLowerCase(java.util.Locale.ROOT));
        lines.add(intact ? "bundle is intact" : "bundle is NOT intact");
        return lines;
    }
}
