package dev.handoff.bundle.review;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.handoff.bundle.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The workbench's own review records, kept outside the scientist's store (sources are read-only): one JSON file per
 * model reference under a review folder, rewritten atomically on every sign-off so a crash never loses earlier ones.
 * Default folder: the system property {@value #DIR_PROPERTY} if set, else the environment variable
 * {@value #DIR_ENV}, else {@code $XDG_DATA_HOME/handoff-workbench/reviews} (or {@code ~/.local/share/...}).
 */
public final class ReviewStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public ReviewStore(Path dir) {
        this.dir = dir;
    }

    /** System property naming the review folder; wins over {@link #DIR_ENV} and the per-user default. */
    public static final String DIR_PROPERTY = "handoff.reviews.dir";
    /** Environment variable naming the review folder. */
    public static final String DIR_ENV = "HANDOFF_REVIEWS_DIR";

    /** The default location: {@value #DIR_PROPERTY}, else {@value #DIR_ENV}, else the per-user data folder. */
    public static ReviewStore userDefault() {
        return new ReviewStore(defaultDir(System.getProperty(DIR_PROPERTY), System.getenv(DIR_ENV),
                System.getenv("XDG_DATA_HOME"), System.getProperty("user.home")));
    }

    /** The folder {@link #userDefault} uses, given the property, environment and home values (blank = unset). */
    static Path defaultDir(String property, String env, String xdg, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("handoff-workbench").resolve("reviews");
    }

    public Path dir() {
        return dir;
    }

    /** Every sign-off recorded for the model, oldest first. */
    public synchronized List<ExplanationReview> reviews(String modelRef) throws IOException {
        Path f = file(modelRef);
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(f.toFile(), new TypeReference<List<ExplanationReview>>() { }));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(f + ": unreadable review records: " + e.getMessage(), e);
        }
    }

    /** Appends a sign-off (atomic rewrite of the model's review file). */
    public synchronized void add(ExplanationReview review) throws IOException {
        List<ExplanationReview> all = new ArrayList<>(reviews(review.modelRef()));
        all.add(review);
        Files.createDirectories(dir);
        AtomicFiles.writeBytes(file(review.modelRef()), JSON.writeValueAsBytes(all));
    }

    private Path file(String modelRef) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(modelRef.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference used for a run's model artifact. */
    public static String runModelRef(String runId, String artifact) {
        return "run:" + runId + "/" + artifact;
    }
}
