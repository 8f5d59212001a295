package dev.handoff.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One part of a deployment bundle. A section writes its files below the bundle directory and returns
 * metadata recorded under its name in {@code bundle.json}. Sections run in the order they were added.
 */
public interface BundleSection {

    /** Key of this section in {@code bundle.json}; unique within a bundle. */
    String name();

    /**
     * Writes this section's files.
     *
     * @param bundleDir the (temporary) bundle directory being built
     * @return JSON-serializable metadata describing what was written
     */
    Map<String, Object> write(Path bundleDir) throws IOException;
}
