package dev.handoff.runs;

/**
 * The writes a promotion makes to a Model Registry: aliases and version tags, nothing else. Implemented over REST by
 * {@code RegistryWriter}; the one write path of the CLI and the UI.
 */
public interface RegistryWrites {
    /** Where the writes go (the server's URL). */
    String describe();

    /** Points {@code alias} of {@code name} at {@code version}. */
    void setAlias(String name, String alias, String version) throws SourceException;

    void deleteAlias(String name, String alias) throws SourceException;

    void setVersionTag(String name, String version, String key, String value) throws SourceException;

    void deleteVersionTag(String name, String version, String key) throws SourceException;
}
