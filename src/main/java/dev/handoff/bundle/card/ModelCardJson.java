package dev.handoff.bundle.card;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.handoff.bundle.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes model cards as Model Card Toolkit JSON. */
public final class ModelCardJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelCardJson() {
    }

    public static String toJson(ModelCard card) {
        try {
            return JSON.writeValueAsString(card);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise model card", e);
        }
    }

    /**
     * Parses a card.
     *
     * @param source file name used in error messages
     * @throws IOException naming the source and the JSON path at fault
     */
    public static ModelCard fromJson(String json, String source) throws IOException {
        try {
            ModelCard card = JSON.readValue(json, ModelCard.class);
            if (card == null) {
                throw new IOException(source + ": empty model card");
            }
            return card;
        } catch (MismatchedInputException e) {
            throw new IOException(source + ": bad model card field '" + e.getPathReference() + "': "
                    + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ModelCard read(Path file) throws IOException {
        return fromJson(Files.readString(file), file.toString());
    }

    /** Writes the card atomically. */
    public static void write(ModelCard card, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(card));
    }
}
