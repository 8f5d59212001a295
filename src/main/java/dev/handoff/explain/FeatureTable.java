package dev.handoff.explain;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dense, column-named view of rows for explanation: feature names, a {@code double[][]} of values and optional
 * class labels. {@code NaN} marks a missing value, i.e. a feature absent from the Tribuo example (linear models and
 * CART read it as 0, XGBoost follows its "missing" branch).
 *
 * @param featureNames column names, unique
 * @param rows         one array per row, each with one value per column
 * @param labels       one label per row (entries may be {@code null}), or an empty list for unlabelled data
 */
public record FeatureTable(List<String> featureNames, double[][] rows, List<String> labels) {

    public FeatureTable {
        featureNames = List.copyOf(featureNames);
        if (new LinkedHashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("Duplicate feature names in " + featureNames);
        }
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != featureNames.size()) {
                throw new IllegalArgumentException("Row " + r + " has " + rows[r].length + " values, expected "
                        + featureNames.size());
            }
            copy[r] = rows[r].clone();
        }
        rows = copy;
        labels = Collections.unmodifiableList(new ArrayList<>(labels));
        if (!labels.isEmpty() && labels.size() != rows.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + rows.length + " rows");
        }
    }

    /** An unlabelled table. */
    public static FeatureTable of(List<String> featureNames, double[][] rows) {
        return new FeatureTable(featureNames, rows, List.of());
    }

    /** The rows of a Tribuo dataset, columns in the dataset's feature id order. */
    public static FeatureTable fromDataset(Dataset<Label> dataset) {
        return fromExamples(dataset, featureNames(dataset.getFeatureIDMap()));
    }

    /**
     * The rows of a Tribuo dataset laid out in the given column order (typically the model's features, see
     * {@link #modelFeatures(Model)}); features of the examples that are not columns are rejected.
     */
    public static FeatureTable fromExamples(Iterable<Example<Label>> examples, List<String> columns) {
        Map<String, Integer> index = indexOf(columns);
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Example<Label> example : examples) {
            double[] row = new double[columns.size()];
            Arrays.fill(row, Double.NaN);
            for (Feature f : example) {
                Integer i = index.get(f.getName());
                if (i == null) {
                    unknown.add(f.getName());
                } else {
                    row[i] = f.getValue();
                }
            }
            rows.add(row);
            labels.add(example.getOutput().getLabel());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Dataset has features the columns do not include: " + unknown);
        }
        return new FeatureTable(columns, rows.toArray(double[][]::new), labels);
    }

    /**
     * Reads a CSV file with a header row. Every column except {@code labelColumn} must be numeric; an empty cell is a
     * missing value. Quoted fields ({@code "a,b"}, {@code ""} for a quote) are supported.
     *
     * @param labelColumn name of the label column, or {@code null} for unlabelled data
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file, line and column of a malformed cell
     */
    public static FeatureTable fromCsv(Path csv, String labelColumn) throws IOException {
        return fromCsv(csv, labelColumn, null);
    }

    /**
     * Reads only {@code onlyColumns} (plus the label column) of a CSV file, so that other columns — ids, a sensitive
     * attribute, free text — may hold anything. Columns come out in header order.
     *
     * @param onlyColumns the feature columns to read, or {@code null} for every column
     * @throws IllegalArgumentException naming the file and the wanted columns its header lacks, or a malformed cell
     */
    public static FeatureTable fromCsv(Path csv, String labelColumn, java.util.Collection<String> onlyColumns)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(csv + ": empty file, expected a header row");
            }
            List<String> columns = splitCsvLine(stripBom(header), csv, 1);
            int labelIndex = labelColumn == null ? -1 : columns.indexOf(labelColumn);
            if (labelColumn != null && labelIndex < 0) {
                throw new IllegalArgumentException(csv + ": no label column '" + labelColumn + "' in header "
                        + columns);
            }
            if (onlyColumns != null) {
                Set<String> lacking = new LinkedHashSet<>(onlyColumns);
                lacking.removeAll(columns);
                if (!lacking.isEmpty()) {
                    throw new IllegalArgumentException(csv + ": missing column" + (lacking.size() == 1 ? " " : "s ")
                            + lacking + " (header: " + columns + ")");
                }
            }
            boolean[] keep = new boolean[columns.size()];
            List<String> names = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                keep[c] = c != labelIndex && (onlyColumns == null || onlyColumns.contains(columns.get(c)));
                if (keep[c]) {
                    names.add(columns.get(c));
                }
            }
            List<double[]> rows = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = splitCsvLine(line, csv, lineNo);
                if (cells.size() != columns.size()) {
                    throw new IllegalArgumentException(csv + " line " + lineNo + ": " + cells.size()
                            + " cells, header has " + columns.size());
                }
                double[] row = new double[names.size()];
                int k = 0;
                for (int c = 0; c < cells.size(); c++) {
                    String cell = cells.get(c).trim();
                    if (c == labelIndex) {
                        labels.add(cell);
                        continue;
                    }
                    if (keep[c]) {
                        row[k++] = parseCell(cell, csv, lineNo, columns.get(c));
                    }
                }
                rows.add(row);
            }
            return new FeatureTable(names, rows.toArray(double[][]::new), labelIndex >= 0 ? labels : List.of());
        }
    }

    /**
     * The text of one column of a CSV file (e.g. a sensitive attribute), one entry per data row.
     *
     * @throws IllegalArgumentException naming the file when the column is absent or a row is short
     */
    public static List<String> readColumn(Path csv, String column) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(csv + ": empty file, expected a header row");
            }
            List<String> columns = splitCsvLine(stripBom(header), csv, 1);
            int index = columns.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException(csv + ": no column '" + column + "' in header " + columns);
            }
            List<String> out = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = splitCsvLine(line, csv, lineNo);
                if (cells.size() != columns.size()) {
                    throw new IllegalArgumentException(csv + " line " + lineNo + ": " + cells.size()
                            + " cells, header has " + columns.size());
                }
                out.add(cells.get(index).trim());
            }
            return out;
        }
    }

    /** The feature names of a model, in feature id order (the column order the explainers expect). */
    public static List<String> modelFeatures(Model<?> model) {
        return featureNames(model.getFeatureIDMap());
    }

    static List<String> featureNames(ImmutableFeatureMap map) {
        List<String> names = new ArrayList<>(map.size());
        for (int i = 0; i < map.size(); i++) {
            names.add(map.get(i).getName());
        }
        return names;
    }

    /**
     * This table with its columns reordered to {@code features} (e.g. a model's features).
     *
     * @throws IllegalArgumentException naming the missing and the extra columns when the sets differ
     */
    public FeatureTable alignTo(List<String> features) {
        Set<String> missing = new LinkedHashSet<>(features);
        missing.removeAll(featureNames);
        Set<String> extra = new LinkedHashSet<>(featureNames);
        extra.removeAll(features);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder msg = new StringBuilder("Dataset columns do not match the model's features:");
            if (!missing.isEmpty()) {
                msg.append(" missing ").append(missing);
            }
            if (!extra.isEmpty()) {
                msg.append(missing.isEmpty() ? "" : ";").append(" extra ").append(extra)
                        .append(" (drop them with withoutColumns)");
            }
            throw new IllegalArgumentException(msg.toString());
        }
        if (features.equals(featureNames)) {
            return this;
        }
        Map<String, Integer> index = indexOf(featureNames);
        int[] from = features.stream().mapToInt(index::get).toArray();
        double[][] out = new double[rows.length][from.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < from.length; c++) {
                out[r][c] = rows[r][from[c]];
            }
        }
        return new FeatureTable(features, out, labels);
    }

    /**
     * The given columns of this table, in that order; other columns are dropped.
     *
     * @throws IllegalArgumentException naming the columns the table lacks
     */
    public FeatureTable select(List<String> features) {
        Set<String> missing = new LinkedHashSet<>(features);
        missing.removeAll(featureNames);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Dataset lacks the model's features " + missing);
        }
        Set<String> extra = new LinkedHashSet<>(featureNames);
        extra.removeAll(features);
        return withoutColumns(extra.toArray(String[]::new)).alignTo(features);
    }

    /** This table without the named columns (e.g. an id column); unknown names are an error. */
    public FeatureTable withoutColumns(String... names) {
        List<String> keep = new ArrayList<>(featureNames);
        for (String name : names) {
            if (!keep.remove(name)) {
                throw new IllegalArgumentException("No column '" + name + "' in " + featureNames);
            }
        }
        Map<String, Integer> index = indexOf(featureNames);
        double[][] out = new double[rows.length][keep.size()];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < keep.size(); c++) {
                out[r][c] = rows[r][index.get(keep.get(c))];
            }
        }
        return new FeatureTable(keep, out, labels);
    }

    /** The first {@code n} rows (or all if fewer). */
    public FeatureTable head(int n) {
        int k = Math.min(n, rows.length);
        return new FeatureTable(featureNames, Arrays.copyOf(rows, k), labels.isEmpty() ? labels : labels.subList(0, k));
    }

    public int numRows() {
        return rows.length;
    }

    public int numFeatures() {
        return featureNames.size();
    }

    /** A copy of row {@code r}. */
    public double[] row(int r) {
        return rows[r].clone();
    }

    /** A copy of all rows. */
    @Override
    public double[][] rows() {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }

    /** Direct access for the explainers in this package; callers must not modify it. */
    double[][] rowsView() {
        return rows;
    }

    /** Column index of a feature, or -1. */
    public int indexOf(String feature) {
        return featureNames.indexOf(feature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureTable t && featureNames.equals(t.featureNames) && Arrays.deepEquals(rows, t.rows)
                && labels.equals(t.labels);
    }

    @Override
    public int hashCode() {
        return featureNames.hashCode() * 31 + Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return "FeatureTable[" + rows.length + " rows x " + featureNames.size() + " features "
                + featureNames + (labels.isEmpty() ? "" : ", labelled") + "]";
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static double parseCell(String cell, Path csv, int line, String column) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("na")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + " line " + line + ", column '" + column
                    + "': not a number: '" + cell + "'", e);
        }
    }

    private static List<String> splitCsvLine(String line, Path csv, int lineNo) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(csv + " line " + lineNo + ": unterminated quoted field");
        }
        cells.add(cell.toString());
        return cells;
    }
}
