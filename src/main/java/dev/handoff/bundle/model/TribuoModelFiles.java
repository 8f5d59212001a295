package dev.handoff.bundle.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.handoff.bundle.io.AtomicFiles;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tribuo-native files of a bundle: the protobuf model, its provenance as JSON and the feature schema.
 * Models are only ever read back through Tribuo's protobuf path; Java serialization is never used.
 */
public final class TribuoModelFiles {
    public static final String MODEL_FILE = "model.tribuo";
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String SCHEMA_FILE = "feature_schema.json";

    private static final String TRIBUO_PACKAGE = "org.tribuo.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TribuoModelFiles() {
    }

    /** Writes model, provenance and schema into {@code dir}. */
    public static void write(Model<?> model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path modelFile = dir.resolve(MODEL_FILE);
        Path temp = Files.createTempFile(dir, ".model", ".tmp");
        try {
            model.serializeToFile(temp);
            AtomicFiles.move(temp, modelFile);
        } finally {
            Files.deleteIfExists(temp);
        }
        writeDescription(model, dir);
    }

    /**
     * Writes the model file as the stored bytes, byte for byte (so its SHA-256 is the run artifact's), with the
     * provenance and schema of {@code model}, which must be what those bytes hold.
     */
    public static void write(ModelArtifact artifact, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeBytes(dir.resolve(MODEL_FILE), artifact.bytes());
        writeDescription(artifact.model(), dir);
    }

    private static void writeDescription(Model<?> model, Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(PROVENANCE_FILE), TribuoProvenance.toJson(model.getProvenance()));
        AtomicFiles.writeString(dir.resolve(SCHEMA_FILE), JSON.writeValueAsString(FeatureSchema.of(model)));
    }

    /**
     * Loads a protobuf model. The protobuf is parsed first and only classes in Tribuo's own packages are
     * instantiated (Tribuo resolves the model class by name); the model is deserialized, never executed.
     *
     * @throws IOException naming the file when it is not a Tribuo protobuf model
     */
    public static Model<?> readModel(Path file) throws IOException {
        ModelProto proto;
        try (InputStream in = Files.newInputStream(file)) {
            proto = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + ": not a Tribuo protobuf model: " + e.getMessage(), e);
        }
        return load(proto, file.toString());
    }

    /** {@link #readModel(Path)} of bytes already read; {@code where} names them in errors. */
    public static Model<?> readModel(byte[] bytes, String where) throws IOException {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(where + ": not a Tribuo protobuf model: " + e.getMessage(), e);
        }
        return load(proto, where);
    }

    private static Model<?> load(ModelProto proto, String file) throws IOException {
        if (!proto.getClassName().startsWith(TRIBUO_PACKAGE)) {
            throw new IOException(file + ": model class '" + proto.getClassName() + "' is outside " + TRIBUO_PACKAGE
                    + "*, refusing to load it");
        }
        try {
            return Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot load Tribuo model: " + e.getMessage(), e);
        }
    }
}
