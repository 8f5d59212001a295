package dev.handoff.ui.export;

import dev.handoff.bundle.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** RFC 4180 CSV: CRLF line ends; fields holding a comma, quote, CR or LF are quoted with quotes doubled. */
public final class CsvExport {
    private CsvExport() {
    }

    public static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            line(w, header);
            for (List<String> row : rows) {
                line(w, row);
            }
            w.flush();
        });
    }

    public static String field(String value) {
        String v = value == null ? "" : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static void line(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(field(fields.get(i)));
        }
        w.write("\r\n");
    }
}
