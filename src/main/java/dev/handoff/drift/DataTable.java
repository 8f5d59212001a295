package dev.handoff.drift;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Selected columns of a CSV file, read with a known kind per column: numerical columns as {@code double[]} (missing =
 * NaN), categorical ones as {@code String[]} (missing = null). Cells that are empty or read {@code NA}, {@code NaN},
 * {@code null} or {@code None} (any case) are missing, as pandas reads them.
 *
 * <p>Every problem is an {@link DataException} naming the file and, where it applies, the column and line.
 */
public final class DataTable {
    private final Path file;
    private final int rows;
    private final Map<String, ColumnKind> kinds;
    private final Map<String, double[]> numbers;
    private final Map<String, String[]> labels;

    private DataTable(Path file, int rows, Map<String, ColumnKind> kinds, Map<String, double[]> numbers,
                      Map<String, String[]> labels) {
        this.file = file;
        this.rows = rows;
        this.kinds = kinds;
        this.numbers = numbers;
        this.labels = labels;
    }

    /** A table built in memory (tests, benchmarks). */
    public static DataTable of(Path name, Map<String, double[]> numerical, Map<String, String[]> categorical) {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        int rows = -1;
        for (var e : numerical.entrySet()) {
            kinds.put(e.getKey(), ColumnKind.NUMERICAL);
            rows = check(rows, e.getValue().length, e.getKey());
        }
        for (var e : categorical.entrySet()) {
            kinds.put(e.getKey(), ColumnKind.CATEGORICAL);
            rows = check(rows, e.getValue().length, e.getKey());
        }
        return new DataTable(name, Math.max(rows, 0), kinds, new LinkedHashMap<>(numerical), new LinkedHashMap<>(categorical));
    }

    private static int check(int rows, int length, String column) {
        if (rows >= 0 && rows != length) {
            throw new IllegalArgumentException("column '" + column + "' has " + length + " rows, others " + rows);
        }
        return length;
    }

    /** The header of a CSV file. */
    public static List<String> header(Path csv) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataException(csv + ": empty file, expected a header row");
            }
            return split(stripBom(header), csv, 1, -1);
        }
    }

    /**
     * Reads the {@code required} columns (which must all be in the header) and those of {@code optional} that are.
     *
     * @throws DataException naming the file and the missing columns, or the file, line and column of a cell that is
     *                       not a number in a numerical column, or an empty file
     */
    public static DataTable read(Path csv, Map<String, ColumnKind> required, Map<String, ColumnKind> optional)
            throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new DataException(csv + ": no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new DataException(csv + ": empty file, expected a header row");
            }
            List<String> header = split(stripBom(headerLine), csv, 1, -1);
            Set<String> lacking = new LinkedHashSet<>(required.keySet());
            lacking.removeAll(header);
            if (!lacking.isEmpty()) {
                throw new DataException(csv + ": missing column" + (lacking.size() == 1 ? " '" + lacking.iterator().next() + "'"
                        : "s " + lacking) + " (header: " + header + ")");
            }
            Map<String, ColumnKind> kinds = new LinkedHashMap<>();
            int n = header.size();
            ColumnKind[] kindAt = new ColumnKind[n];
            for (int c = 0; c < n; c++) {
                String name = header.get(c);
                ColumnKind k = required.containsKey(name) ? required.get(name) : optional.get(name);
                if (k != null && !kinds.containsKey(name)) {
                    kindAt[c] = k;
                    kinds.put(name, k);
                }
            }
            double[][] num = new double[n][];
            String[][] cat = new String[n][];
            List<Map<String, String>> intern = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                intern.add(kindAt[c] == ColumnKind.CATEGORICAL ? new HashMap<>() : null);
                if (kindAt[c] == ColumnKind.NUMERICAL) {
                    num[c] = new double[1024];
                } else if (kindAt[c] == ColumnKind.CATEGORICAL) {
                    cat[c] = new String[1024];
                }
            }
            int rows = 0;
            int lineNo = 1;
            String line;
            int capacity = capacity(num, cat);
            int[] starts = new int[n];
            int[] ends = new int[n];
            String[] cells = new String[n];
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                boolean quoted = line.indexOf('"') >= 0;
                if (quoted) {
                    splitInto(line, csv, lineNo, cells);
                } else {
                    offsets(line, csv, lineNo, starts, ends);
                }
                if (rows == capacity) {
                    grow(num, cat);
                    capacity = capacity(num, cat);
                }
                for (int c = 0; c < n; c++) {
                    if (kindAt[c] == null) {
                        continue;
                    }
                    String text = quoted ? cells[c] : null;
                    int from = quoted ? 0 : starts[c];
                    int to = quoted ? text.length() : ends[c];
                    CharSequence src = quoted ? text : line;
                    boolean missing = isMissing(src, from, to);
                    if (kindAt[c] == ColumnKind.NUMERICAL) {
                        double v = Double.NaN;
                        if (!missing) {
                            try {
                                v = JavaDoubleParser.parseDouble(src, from, to - from);
                            } catch (NumberFormatException e) {
                                throw new DataException(csv + " line " + lineNo + ", column '" + header.get(c) + "': '"
                                        + src.subSequence(from, to) + "' is not a number (the column is numerical in the reference profile)");
                            }
                            if (Double.isInfinite(v)) {
                                v = Double.NaN;
                            }
                        }
                        num[c][rows] = v;
                    } else {
                        String cell = missing ? null : src.subSequence(from, to).toString();
                        cat[c][rows] = cell == null ? null : intern.get(c).computeIfAbsent(cell, x -> x);
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataException(csv + ": no data rows below the header");
            }
            Map<String, double[]> numbers = new LinkedHashMap<>();
            Map<String, String[]> labels = new LinkedHashMap<>();
            for (int c = 0; c < n; c++) {
                if (kindAt[c] == ColumnKind.NUMERICAL && !numbers.containsKey(header.get(c))) {
                    numbers.put(header.get(c), Arrays.copyOf(num[c], rows));
                } else if (kindAt[c] == ColumnKind.CATEGORICAL && !labels.containsKey(header.get(c))) {
                    labels.put(header.get(c), Arrays.copyOf(cat[c], rows));
                }
            }
            return new DataTable(csv, rows, kinds, numbers, labels);
        }
    }

    private static int capacity(double[][] num, String[][] cat) {
        for (double[] a : num) {
            if (a != null) {
                return a.length;
            }
        }
        for (String[] a : cat) {
            if (a != null) {
                return a.length;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static void grow(double[][] num, String[][] cat) {
        for (int c = 0; c < num.length; c++) {
            if (num[c] != null) {
                num[c] = Arrays.copyOf(num[c], num[c].length * 2);
            }
            if (cat[c] != null) {
                cat[c] = Arrays.copyOf(cat[c], cat[c].length * 2);
            }
        }
    }

    /** Cell boundaries of an unquoted line, spaces around cells trimmed. */
    private static void offsets(String line, Path csv, int lineNo, int[] starts, int[] ends) {
        int start = 0;
        int c = 0;
        int len = line.length();
        for (int i = 0; i <= len; i++) {
            if (i == len || line.charAt(i) == ',') {
                if (c >= starts.length) {
                    throw new DataException(csv + " line " + lineNo + ": more cells than the header's " + starts.length);
                }
                int a = start, b = i;
                while (a < b && line.charAt(a) <= ' ') {
                    a++;
                }
                while (b > a && line.charAt(b - 1) <= ' ') {
                    b--;
                }
                starts[c] = a;
                ends[c] = b;
                c++;
                start = i + 1;
            }
        }
        if (c != starts.length) {
            throw new DataException(csv + " line " + lineNo + ": " + c + " cells, header has " + starts.length);
        }
    }

    static boolean isMissing(CharSequence s, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return true;
        }
        char first = s.charAt(from);
        if (len > 4 || (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
            return false;
        }
        return isMissing(s.subSequence(from, to).toString());
    }

    static boolean isMissing(String cell) {
        if (cell.isEmpty()) {
            return true;
        }
        if (cell.length() > 4) {
            return false;
        }
        String l = cell.toLowerCase(Locale.ROOT);
        return l.equals("na") || l.equals("nan") || l.equals("null") || l.equals("none") || l.equals("n/a");
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static List<String> split(String line, Path csv, int lineNo, int expected) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DataException(csv + " line " + lineNo + ": unterminated quote");
        }
        out.add(cell.toString().trim());
        return out;
    }

    private static void splitInto(String line, Path csv, int lineNo, String[] cells) {
        if (line.indexOf('"') >= 0) {
            List<String> l = split(line, csv, lineNo, cells.length);
            if (l.size() != cells.length) {
                throw new DataException(csv + " line " + lineNo + ": " + l.size() + " cells, header has " + cells.length);
            }
            l.toArray(cells);
            return;
        }
        int start = 0;
        int c = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ',') {
                if (c >= cells.length) {
                    throw new DataException(csv + " line " + lineNo + ": more cells than the header's " + cells.length);
                }
                cells[c++] = line.substring(start, i).trim();
                start = i + 1;
            }
        }
        if (c != cells.length) {
            throw new DataException(csv + " line " + lineNo + ": " + c + " cells, header has " + cells.length);
        }
    }

    public Path file() {
        return file;
    }

    public int rows() {
        return rows;
    }

    public Map<String, ColumnKind> kinds() {
        return Map.copyOf(kinds);
    }

    public boolean has(String column) {
        return kinds.containsKey(column);
    }

    public double[] numbers(String column) {
        double[] v = numbers.get(column);
        if (v == null) {
            throw new DataException(file + ": column '" + column + "' was not read as numerical");
        }
        return v;
    }

    public String[] labels(String column) {
        String[] v = labels.get(column);
        if (v == null) {
            throw new DataException(file + ": column '" + column + "' was not read as categorical");
        }
        return v;
    }
}
