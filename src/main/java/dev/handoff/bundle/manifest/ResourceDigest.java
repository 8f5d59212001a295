package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One file of a bundle as listed in the model-signing predicate.
 *
 * @param name '/'-separated path relative to the bundle root
 * @param algorithm hash algorithm, always {@code sha256}
 * @param digest lower-case hex digest
 */
@JsonPropertyOrder({"name", "algorithm", "digest"})
public record ResourceDigest(String name, String algorithm, String digest) {
}
