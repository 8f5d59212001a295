package dev.handoff.runs;

import java.util.Objects;

/**
 * A reference to a registered model version: {@code NAME@ALIAS} or {@code NAME/VERSION}, optionally written as
 * MLflow's model URI {@code models:/NAME@ALIAS} / {@code models:/NAME/VERSION}.
 *
 * @param alias   null for a version reference
 * @param version null for an alias reference
 */
public record ModelRef(String name, String alias, String version) {
    public ModelRef {
        Objects.requireNonNull(name, "name");
        if ((alias == null) == (version == null)) {
            throw new IllegalArgumentException("a model reference names an alias or a version, not both or neither");
        }
    }

    /**
     * Parses {@code NAME@ALIAS}, {@code NAME/VERSION} (VERSION a number) or either with the {@code models:/} prefix.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static ModelRef parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("models:/")) {
            s = s.substring("models:/".length());
        }
        int at = s.lastIndexOf('@');
        if (at > 0 && at < s.length() - 1 && !s.substring(at + 1).contains("/")) {
            return new ModelRef(s.substring(0, at), s.substring(at + 1), null);
        }
        int slash = s.lastIndexOf('/');
        if (slash > 0 && s.substring(slash + 1).matches("\\d+")) {
            return new ModelRef(s.substring(0, slash), null, s.substring(slash + 1));
        }
        throw new IllegalArgumentException("'" + text + "' is not a registered model reference: use NAME@ALIAS or "
                + "NAME/VERSION (e.g. credit-risk@champion, credit-risk/3), optionally prefixed models:/");
    }

    /** True when {@code text} has the shape of a reference (used to tell it from a file name). */
    public static boolean looksLikeRef(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The version this reference names, read from {@code source}. */
    public ModelVersion resolve(RunSource source) throws SourceException {
        return alias != null ? source.getModelVersionByAlias(name, alias) : source.getModelVersion(name, version);
    }

    @Override
    public String toString() {
        return alias != null ? name + "@" + alias : name + "/" + version;
    }
}
