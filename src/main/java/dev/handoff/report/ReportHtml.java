package dev.handoff.report;

import dev.handoff.runs.Experiment;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, an optional inline sorting script (the
 * page works without it), nothing fetched from anywhere. The markup is also well-formed XML (XHTML syntax), so tests
 * parse it with the JDK's XML parser. Every text from the store (names, params, tags) is escaped.
 */
public final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String CSS = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
            + "h1{font-size:1.6em;margin-bottom:.3em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}"
            + "dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:0}dl.meta dt{color:#666}"
            + "dl.meta dd{margin:0}.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9em}"
            + "th,td{padding:4px 8px;border-bottom:1px solid #e4e4e4;text-align:left;white-space:nowrap;vertical-align:top}"
            + "th{background:#f4f4f4;cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}"
            + ".id{font-family:monospace;color:#777;font-size:.85em}.swatch{display:inline-block;width:10px;height:10px;"
            + "border-radius:2px;margin-right:6px}figure.chart{margin:16px 0}figure.chart svg{max-width:100%;height:auto;"
            + "border:1px solid #eee}figcaption{color:#666;font-size:.85em}"
            + "ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9em}.problems li{color:#b00020}"
            + "footer{margin-top:2em;color:#888;font-size:.8em}";
    /** Click a column header to sort by it (again: reverse). Numbers sort by their data-v value. */
    private static final String SORT_SCRIPT = "document.querySelectorAll('table.sortable').forEach(function(t){"
            + "t.querySelectorAll('th').forEach(function(th,col){th.addEventListener('click',function(){"
            + "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),asc=th.getAttribute('data-asc')!=='1';"
            + "t.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-asc');});"
            + "if(asc){th.setAttribute('data-asc','1');}"
            + "function v(r){var c=r.cells[col],n=c.getAttribute('data-v');return n===null?c.textContent:parseFloat(n);}"
            + "rows.sort(function(a,b){var x=v(a),y=v(b),d=(typeof x==='number'&&typeof y==='number')?x-y"
            + ":String(x).localeCompare(String(y));return asc?d:-d;});"
            + "rows.forEach(function(r){body.appendChild(r);});});});});";

    private ReportHtml() {
    }

    public static String render(ReportData d) {
        Map<String, Integer> colors = new HashMap<>();
        for (int i = 0; i < d.runs().size(); i++) {
            colors.put(d.runs().get(i).id(), i);
        }
        Map<String, String> labels = labels(d.runs());
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(esc(d.title())).append("</title>\n")
                .append("<style>/*<![CDATA[*/").append(CSS).append("/*]]>*/</style></head>\n<body>\n");
        header(h, d);
        runsTable(h, d, colors);
        h.append("<section id=\"metrics\"><h2>Metrics</h2>\n");
        if (d.histories().isEmpty()) {
            h.append("<p>No metrics were logged by these runs.</p>\n");
        }
        int n = 0;
        for (Map.Entry<String, List<MetricSeries>> e : d.histories().entrySet()) {
            chart(h, e.getKey(), e.getValue(), labels, colors, "chart" + n++);
        }
        h.append("</section>\n");
        problems(h, d.problems());
        h.append("<footer>Made by ").append(esc(d.generator())).append(" on ").append(time(d.generatedAt().toEpochMilli()))
                .append(". Self-contained: this file loads nothing from anywhere.</footer>\n");
        h.append("<script>/*<![CDATA[*/").append(SORT_SCRIPT).append("/*]]>*/</script>\n</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ReportData d) {
        h.append("<header><h1>").append(esc(d.title())).append("</h1>\n<dl class=\"meta\">");
        for (Experiment e : d.experiments()) {
            h.append("<dt>Experiment</dt><dd>").append(esc(e.name())).append(" <span class=\"id\">id ")
                    .append(esc(e.id())).append("</span></dd>");
        }
        meta(h, "Source", d.source());
        meta(h, "Runs", Integer.toString(d.runs().size()));
        meta(h, "Generated", time(d.generatedAt().toEpochMilli()));
        meta(h, "Tool", d.generator());
        h.append("</dl></header>\n");
    }

    private static void meta(StringBuilder h, String name, String value) {
        h.append("<dt>").append(name).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static void runsTable(StringBuilder h, ReportData d, Map<String, Integer> colors) {
        TreeSet<String> params = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (Run r : d.runs()) {
            params.addAll(r.params().keySet());
            metrics.addAll(r.latestMetrics().keySet());
        }
        boolean several = d.experiments().size() > 1;
        Map<String, String> names = new HashMap<>();
        d.experiments().forEach(e -> names.put(e.id(), e.name()));
        h.append("<section id=\"runs\"><h2>Runs</h2>\n<div class=\"scroll\"><table id=\"runs-table\" class=\"sortable\">")
                .append("<thead><tr><th>run</th>");
        if (several) {
            h.append("<th>experiment</th>");
        }
        h.append("<th>status</th><th>start</th><th>duration</th>");
        params.forEach(p -> h.append("<th>params.").append(esc(p)).append("</th>"));
        metrics.forEach(m -> h.append("<th>").append(esc(m)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (Run r : d.runs()) {
            h.append("<tr data-run-id=\"").append(esc(r.id())).append("\"><td><span class=\"swatch\" style=\"background:")
                    .append(ReportChart.hex(colors.get(r.id()))).append("\"></span>").append(esc(r.displayName()))
                    .append("<br/><span class=\"id\">").append(esc(r.id())).append("</span></td>");
            if (several) {
                h.append("<td>").append(esc(names.getOrDefault(r.info().experimentId(), r.info().experimentId()))).append("</td>");
            }
            h.append("<td>").append(esc(r.info().status().name())).append("</td>");
            h.append("<td data-v=\"").append(r.info().startTime()).append("\">").append(time(r.info().startTime())).append("</td>");
            h.append("<td class=\"num\" data-v=\"").append(r.info().durationMillis()).append("\">")
                    .append(duration(r.info().durationMillis())).append("</td>");
            params.forEach(p -> h.append("<td>").append(esc(r.params().getOrDefault(p, ""))).append("</td>"));
            for (String m : metrics) {
                Metric x = r.latestMetrics().get(m);
                if (x == null) {
                    h.append("<td class=\"num\" data-v=\"NaN\"></td>");
                } else {
                    h.append("<td class=\"num\" data-v=\"").append(Double.isFinite(x.value()) ? Double.toString(x.value()) : "NaN")
                            .append("\" title=\"step ").append(x.step()).append("\">").append(number(x.value())).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void chart(StringBuilder h, String key, List<MetricSeries> series, Map<String, String> labels,
                              Map<String, Integer> colors, String id) {
        long points = 0;
        long drawn = 0;
        for (MetricSeries s : series) {
            points += s.size();
            drawn += ReportChart.downsample(s).size();
        }
        h.append("<figure class=\"chart\" id=\"").append(id).append("-figure\" data-metric=\"").append(esc(key))
                .append("\" data-runs=\"").append(series.size()).append("\">\n");
        h.append(ReportChart.svg(key, series, colors, id)).append('\n');
        h.append("<ul class=\"legend\">");
        for (MetricSeries s : series) {
            h.append("<li data-run-id=\"").append(esc(s.runId())).append("\"><span class=\"swatch\" style=\"background:")
                    .append(ReportChart.hex(colors.get(s.runId()))).append("\"></span>").append(esc(labels.get(s.runId())))
                    .append("</li>");
        }
        h.append("</ul>\n");
        h.append("<figcaption>").append(esc(key)).append(": ").append(series.size()).append(series.size() == 1 ? " run, " : " runs, ")
                .append(points).append(points == 1 ? " point" : " points")
                .append(drawn < points ? " (drawn as " + drawn + ": min/max per pixel column, no spike lost)" : "")
                .append("</figcaption></figure>\n");
    }

    private static void problems(StringBuilder h, List<LoadProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        h.append("<section id=\"problems\" class=\"problems\"><h2>Could not be read</h2><ul>\n");
        for (LoadProblem p : problems) {
            h.append("<li>").append(esc(p.describe())).append("</li>\n");
        }
        h.append("</ul></section>\n");
    }

    /** Legend labels: the run name, with the start of its id when several runs share the name. */
    static Map<String, String> labels(List<Run> runs) {
        Map<String, Integer> count = new HashMap<>();
        runs.forEach(r -> count.merge(r.displayName(), 1, Integer::sum));
        Map<String, String> out = new LinkedHashMap<>();
        for (Run r : runs) {
            String name = clean(r.displayName());
            String label = count.get(r.displayName()) > 1 ? name + " (" + clean(r.id().substring(0, Math.min(8, r.id().length()))) + ")" : name;
            while (out.containsValue(label)) {
                label = label + " (" + clean(r.id()) + ")"; // ids are unique: ends after one round
            }
            out.put(r.id(), label);
        }
        return out;
    }

    /** Text as HTML / XML character data or attribute value: markup escaped, control characters replaced. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        String c = clean(s);
        StringBuilder out = new StringBuilder(c.length() + 16);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** Control characters (not allowed in XML, invisible in HTML) and lone surrogates become U+FFFD. */
    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean bad = (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0xFFFE || ch == 0xFFFF
                    || (Character.isHighSurrogate(ch) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))))
                    || (Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))));
            if (bad && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : ch);
            }
        }
        return out == null ? s : out.toString();
    }

    static String time(long epochMillis) {
        return epochMillis < 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String duration(long millis) {
        return dev.handoff.runs.ValueText.duration(millis);
    }

    static String number(double v) {
        return dev.handoff.runs.ValueText.number(v);
    }
}
