package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.card.ModelCardJson;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.bundle.manifest.BundleManifest;
import dev.handoff.bundle.model.TribuoModelFiles;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A bundle opened by {@link BundleReader}: a directory, or a zip safely extracted into a temporary
 * directory that {@link #close()} deletes. Accessors parse files on demand; nothing is executed.
 */
public final class OpenedBundle implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final Path root;
    private final boolean extracted;

    OpenedBundle(Path source, Path root, boolean extracted) {
        this.source = source;
        this.root = root;
        this.extracted = extracted;
    }

    /** The directory or zip this bundle was opened from. */
    public Path source() {
        return source;
    }

    /** The bundle's root directory (a temporary directory for zips). */
    public Path root() {
        return root;
    }

    /** Whether the bundle was extracted from a zip. */
    public boolean extracted() {
        return extracted;
    }

    /** {@code bundle.json}. */
    public JsonNode metadata() throws IOException {
        Path file = require(BundleLayout.METADATA);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(source + ": " + BundleLayout.METADATA + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The manifest, checked for internal consistency (not against the files: see {@link BundleVerifier}). */
    public BundleManifest manifest() throws IOException {
        return BundleManifest.fromStatementJson(Files.readAllBytes(require(BundleLayout.STATEMENT)),
                source + "!" + BundleLayout.STATEMENT);
    }

    public Optional<ModelCard> card() throws IOException {
        Path file = root.resolve(BundleLayout.CARD_JSON);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(ModelCardJson.read(file)) : Optional.empty();
    }

    public Optional<Checklist> checklist() throws IOException {
        Path file = root.resolve(BundleLayout.CHECKLIST);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(ChecklistIo.load(file)) : Optional.empty();
    }

    /** Loads the Tribuo model through its protobuf format only (Java serialization is never used). */
    public Model<?> loadModel() throws IOException {
        return TribuoModelFiles.readModel(require(BundleLayout.TRIBUO_DIR + "/" + TribuoModelFiles.MODEL_FILE));
    }

    private Path require(String relative) throws IOException {
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(source + ": bundle has no " + relative);
        }
        return file;
    }

    /** Deletes the temporary extraction directory, if any. */
    @Override
    public void close() throws IOException {
        if (extracted) {
            AtomicFiles.deleteRecursively(root);
        }
    }
}
