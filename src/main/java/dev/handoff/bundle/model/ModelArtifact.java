package dev.handoff.bundle.model;

import dev.handoff.bundle.io.Digests;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import org.tribuo.Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Tribuo model together with what identifies it: its bytes exactly as stored (in the run's artifact store or on
 * disk), their SHA-256, a reference for review records and a description for people. The model is parsed from the
 * same bytes that are hashed, so a sign-off naming {@link #sha256()} names exactly this model, and a bundle that
 * copies {@link #bytes()} carries the very file the run stored.
 */
public final class ModelArtifact {
    private final Model<?> model;
    private final byte[] bytes;
    private final String sha256;
    private final String ref;
    private final String description;

    private ModelArtifact(Model<?> model, byte[] bytes, String ref, String description) {
        this.model = Objects.requireNonNull(model, "model");
        this.bytes = bytes.clone();
        this.sha256 = Digests.sha256Hex(bytes);
        this.ref = Objects.requireNonNull(ref, "ref");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** The reference used for a run's model artifact in review records, e.g. {@code run:<run_id>/model/model.tribuo}. */
    public static String runRef(String runId, String artifact) {
        return "run:" + runId + "/" + artifact;
    }

    /** Reads {@code artifact} of run {@code runId} through Tribuo's protobuf loader only. */
    public static ModelArtifact fromRun(RunSource source, String runId, String artifact, String runName)
            throws IOException, SourceException {
        String where = "artifact " + artifact + " of run " + runId;
        byte[] bytes;
        try (InputStream in = source.openArtifact(runId, artifact)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        Model<?> model = TribuoModelFiles.readModel(bytes, where);
        String who = runName == null || runName.isBlank() || runName.equals(runId) ? runId : runName + " (" + runId + ")";
        return new ModelArtifact(model, bytes, runRef(runId, artifact), "run " + who);
    }

    /** Reads a model file chosen by hand; its review reference is {@code sha256:<digest>}. */
    public static ModelArtifact fromFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Model<?> model = TribuoModelFiles.readModel(bytes, file.toString());
        return new ModelArtifact(model, bytes, "sha256:" + Digests.sha256Hex(bytes), file.getFileName().toString());
    }

    /** The loaded classifier or regressor. */
    public Model<?> model() {
        return model;
    }

    /** Hex SHA-256 of the stored model file's bytes. */
    public String sha256() {
        return sha256;
    }

    /** {@code run:<run_id>/<artifact>} or {@code sha256:<digest>}. */
    public String ref() {
        return ref;
    }

    /** e.g. {@code run logreg-e20 (abc123)} or the file name. */
    public String description() {
        return description;
    }

    /** A copy of the stored bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return description + " sha256:" + sha256;
    }
}
