package dev.handoff.ui.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Defaults for the explain panel's dataset: where a project's held-out CSV is, its header and its label column. */
public final class DatasetChoice {
    /** Where a project folder keeps the held-out rows, next to its {@code mlruns/} or {@code mlflow.db}. */
    public static final Path PROJECT_TEST_CSV = Path.of("data", "test.csv");

    private DatasetChoice() {
    }

    /**
     * The project's {@code data/test.csv} for an opened store location: the location itself if it is a project
     * folder, or its parent if the location is the {@code mlruns} folder or the database file inside one.
     */
    public static Optional<Path> projectTestCsv(Path storeLocation) {
        Path p = storeLocation.toAbsolutePath().normalize();
        for (int up = 0; up < 2 && p != null; up++, p = p.getParent()) {
            Path csv = p.resolve(PROJECT_TEST_CSV);
            if (Files.isRegularFile(csv)) {
                return Optional.of(csv);
            }
        }
        return Optional.empty();
    }

    /** The header cells of a CSV file (quotes removed). */
    public static List<String> header(Path csv) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException(csv + ": empty file, expected a header row");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                String c = cell.strip();
                cells.add(c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1) : c);
            }
            return cells;
        }
    }

    /** {@code default} or {@code label} when the header has it, else the last column. */
    public static String guessLabelColumn(List<String> header) {
        for (String preferred : List.of("default", "label")) {
            if (header.contains(preferred)) {
                return preferred;
            }
        }
        return header.isEmpty() ? null : header.get(header.size() - 1);
    }
}
