package dev.handoff.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON reading and writing of profiles and reports. */
public final class ReferenceProfiles {
    /** The profile's path inside a bundle. */
    public static final String BUNDLE_PATH = "monitoring/reference_profile.json";

    /** snake_case field names, as in the rest of the bundle's JSON. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReferenceProfiles() {
    }

    public static ReferenceProfile read(Path file) throws IOException {
        return read(file, file.toString());
    }

    /**
     * Reads the profile at {@code file}; errors name it as {@code shownAs} (e.g. {@code bundle.zip!monitoring/...}
     * for a zip's temporary extraction, which is gone once the command ends).
     */
    public static ReferenceProfile read(Path file, String shownAs) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(shownAs + ": no reference profile (bundles exported before drift monitoring have none)");
        }
        ReferenceProfile p;
        try {
            p = JSON.readValue(file.toFile(), ReferenceProfile.class);
        } catch (IOException e) {
            throw new IOException(shownAs + ": unreadable reference profile: " + e.getMessage(), e);
        }
        if (!ReferenceProfile.FORMAT.equals(p.format())) {
            throw new IOException(shownAs + ": unknown profile format '" + p.format() + "'");
        }
        return p;
    }

    public static void write(ReferenceProfile profile, OutputStream out) throws IOException {
        JSON.writeValue(out, profile);
    }
}
