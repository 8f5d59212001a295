package dev.handoff.bundle.view;

import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The saved views of every source, kept with the user's configuration (never in the scientist's store): one folder
 * per source identity, one {@value SavedView#FORMAT} JSON file per view, written atomically. Default folder: the
 * system property {@value #DIR_PROPERTY}, else the environment variable {@value #DIR_ENV}, else
 * {@code $XDG_CONFIG_HOME/handoff-workbench/views} (or {@code ~/.config/handoff-workbench/views}).
 */
public final class SavedViews {
    /** System property naming the views folder; wins over {@link #DIR_ENV} and the per-user default. */
    public static final String DIR_PROPERTY = "handoff.views.dir";
    /** Environment variable naming the views folder. */
    public static final String DIR_ENV = "HANDOFF_VIEWS_DIR";

    private final Path dir;

    public SavedViews(Path dir) {
        this.dir = dir;
    }

    /** The views under the default folder. */
    public static SavedViews userDefault() {
        return new SavedViews(defaultDir(System.getProperty(DIR_PROPERTY), System.getenv(DIR_ENV),
                System.getenv("XDG_CONFIG_HOME"), System.getProperty("user.home")));
    }

    /** The folder {@link #userDefault} uses, given the property, environment and home values (blank = unset). */
    static Path defaultDir(String property, String env, String xdg, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // XDG: a relative XDG_CONFIG_HOME is invalid and ignored
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
        return base.resolve("handoff-workbench").resolve("views");
    }

    public Path dir() {
        return dir;
    }

    /**
     * What identifies a source across sessions: the file store's folder, the database file, the tracking server's
     * URL (never its credentials); else its description.
     */
    public static String sourceKey(RunSource source) {
        if (source instanceof FileStoreSource f) {
            return "file:" + f.root().toAbsolutePath().normalize();
        }
        if (source instanceof SqliteStoreSource s) {
            return "sqlite:" + s.database().toAbsolutePath().normalize();
        }
        if (source instanceof MlflowRestSource r) {
            return r.config().base();
        }
        return source.describe();
    }

    /** The views saved for a source, by name, and the files that could not be read (file and reason). */
    public record Listing(List<SavedView> views, List<LoadProblem> problems) {
    }

    /** The views saved for {@code sourceKey}, sorted by name (case-insensitively). */
    public Listing list(String sourceKey) throws IOException {
        Path folder = folder(sourceKey);
        if (!Files.isDirectory(folder)) {
            return new Listing(List.of(), List.of());
        }
        List<SavedView> views = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    views.add(SavedViewFiles.read(f));
                } catch (IOException e) {
                    problems.add(new LoadProblem("view", f.getFileName().toString(), f.toString(), 0, e.getMessage()));
                }
            }
        }
        views.sort(Comparator.comparing((SavedView v) -> v.name().toLowerCase(Locale.ROOT)));
        return new Listing(List.copyOf(views), List.copyOf(problems));
    }

    /** Saves {@code view} for {@code sourceKey}, replacing a view of the same name; returns its file. */
    public Path save(String sourceKey, SavedView view) throws IOException {
        if (view.name() == null || view.name().isBlank()) {
            throw new IllegalArgumentException("A saved view needs a name");
        }
        Path file = file(sourceKey, view.name());
        SavedViewFiles.write(file, view);
        return file;
    }

    /** Deletes the view named {@code name} of {@code sourceKey}; false if there was none. */
    public boolean delete(String sourceKey, String name) throws IOException {
        return Files.deleteIfExists(file(sourceKey, name));
    }

    /** Where the view named {@code name} of {@code sourceKey} is kept. */
    public Path file(String sourceKey, String name) {
        String slug = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        // two names with the same slug ("A/B", "a b") must not overwrite each other: the slug is only readable
        return folder(sourceKey).resolve((slug.isEmpty() ? "view" : slug) + "-" + hash(name.trim(), 4) + ".json");
    }

    private Path folder(String sourceKey) {
        return dir.resolve(hash(sourceKey, 8));
    }

    private static String hash(String s, int bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
