package dev.handoff.bundle;

import java.util.Set;

/** File names and folders of a deployment bundle. */
public final class BundleLayout {
    /** Bundle metadata: name, creation time, per-section metadata, warnings. */
    public static final String METADATA = "bundle.json";
    /** The in-toto statement listing every other file with its SHA-256. */
    public static final String STATEMENT = "manifest.intoto.json";
    /** DSSE envelope carrying the signed statement (present only when signed). */
    public static final String SIGNATURE = "manifest.dsse.json";
    /**
     * The default signature: a Sigstore bundle v0.3 (ECDSA P-256) over the same statement, at the bundle root where
     * OpenSSF model-signing's {@code verify key} looks for it.
     */
    public static final String SIGSTORE_SIGNATURE = "model.sig";
    public static final String TRIBUO_DIR = "tribuo";
    public static final String MLFLOW_DIR = "mlflow_model";
    public static final String CARD_DIR = "card";
    public static final String CARD_JSON = CARD_DIR + "/model_card.json";
    public static final String CARD_MARKDOWN = CARD_DIR + "/README.md";
    public static final String CARD_HTML = CARD_DIR + "/model_card.html";
    public static final String CHECKLIST = "governance/checklist.yml";
    public static final String METRICS = "metrics/metrics.json";
    public static final String FAIRNESS = "fairness/fairness.json";
    public static final String EXPLANATIONS_DIR = "explanations";

    /** Files never covered by the manifest because they are the manifest. */
    public static final Set<String> MANIFEST_FILES = Set.of(STATEMENT, SIGNATURE, SIGSTORE_SIGNATURE);

    private BundleLayout() {
    }

    /**
     * Checks a caller-supplied bundle-relative path: '/'-separated, no absolute path, no '.', '..' or empty
     * segments, no back-slash, and not one of the manifest files.
     */
    public static String checkRelativePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw new IllegalArgumentException("bundle path must be relative and '/'-separated: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bundle path has an empty, '.' or '..' segment: '" + path + "'");
            }
        }
        if (MANIFEST_FILES.contains(path) || METADATA.equals(path)) {
            throw new IllegalArgumentException("bundle path is reserved: '" + path + "'");
        }
        return path;
    }
}
