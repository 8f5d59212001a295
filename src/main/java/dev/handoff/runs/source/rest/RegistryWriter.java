package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;

/**
 * The one write the workbench makes to a tracking server: Model Registry aliases and version tags, for a promotion
 * that passed the governance gate (and its rollback). Uses the source's credentials (MLFLOW_TRACKING_USERNAME /
 * PASSWORD or TOKEN); a 401 / 403 is an error that names the URL and changes nothing.
 */
public final class RegistryWriter implements RegistryWrites {
    private final MlflowHttpClient http;
    private final String where;

    private RegistryWriter(MlflowRestSource source) {
        this.http = source.http();
        this.where = source.describe();
    }

    /**
     * A writer for {@code source}'s server.
     *
     * @throws SourceException when {@code source} is not a tracking server (file and SQLite stores are read-only here)
     */
    public static RegistryWriter of(RunSource source) throws SourceException {
        if (source instanceof MlflowRestSource rest) {
            return new RegistryWriter(rest);
        }
        throw new SourceException(source.describe(), "promotion writes to a tracking server only: use --tracking-uri "
                + "http(s)://host:port (file and SQLite stores are never written)");
    }

    @Override
    public String describe() {
        return where;
    }

    /** {@code POST registered-models/alias}: points {@code alias} of {@code name} at {@code version}. */
    @Override
    public void setAlias(String name, String alias, String version) throws SourceException {
        ObjectNode body = http.newBody();
        body.put("name", name);
        body.put("alias", alias);
        body.put("version", version);
        http.post("registered-models/alias", body);
    }

    /** {@code DELETE registered-models/alias}. */
    @Override
    public void deleteAlias(String name, String alias) throws SourceException {
        ObjectNode body = http.newBody();
        body.put("name", name);
        body.put("alias", alias);
        http.delete("registered-models/alias", body);
    }

    /** {@code POST model-versions/set-tag}. */
    @Override
    public void setVersionTag(String name, String version, String key, String value) throws SourceException {
        ObjectNode body = http.newBody();
        body.put("name", name);
        body.put("version", version);
        body.put("key", key);
        body.put("value", value);
        http.post("model-versions/set-tag", body);
    }

    /** {@code DELETE model-versions/delete-tag}. */
    @Override
    public void deleteVersionTag(String name, String version, String key) throws SourceException {
        ObjectNode body = http.newBody();
        body.put("name", name);
        body.put("version", version);
        body.put("key", key);
        http.delete("model-versions/delete-tag", body);
    }
}
