package dev.handoff.report;

import dev.handoff.metrics.Downsampled;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.RunSources;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.handoff.report.ReportPages.elements;
import static dev.handoff.report.ReportPages.figures;
import static dev.handoff.report.ReportPages.legend;
import static dev.handoff.report.ReportPages.parse;
import static dev.handoff.report.ReportPages.paths;
import static dev.handoff.report.ReportPages.runColours;
import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportHtmlTest {
    static final Path SAMPLE = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    static final Instant AT = Instant.parse("2024-09-17T10:00:00Z");

    @TempDir
    Path tmp;

    static String sampleReport(Path out) throws Exception {
        try (RunSource source = RunSources.open(SAMPLE.toString())) {
            HtmlReport.write(source, ReportRequest.of("credit-risk", "handoff test").withGeneratedAt(AT), out,
                    ReportProgress.NONE);
        }
        return Files.readString(out);
    }

    @Test
    void theSampleReportHasOneChartPerMetricWithOnePathPerRun() throws Exception {
        Document doc = parse(sampleReport(tmp.resolve("report.html")));
        List<Run> runs;
        Map<String, Map<String, MetricSeries>> histories = new java.util.HashMap<>();
        try (RunSource source = RunSources.open(SAMPLE.toString())) {
            runs = source.searchAllRuns(RunQuery.of(List.of("1"))).runs();
            for (Run r : runs) {
                for (String key : r.latestMetrics().keySet()) {
                    histories.computeIfAbsent(key, k -> new java.util.HashMap<>()).put(r.id(), source.getMetricHistory(r.id(), key));
                }
            }
        }
        assertEquals(6, runs.size());
        Map<String, String> colours = runColours(doc);
        assertEquals(runs.stream().map(Run::id).toList(), new ArrayList<>(colours.keySet()), "one table row per run");
        assertEquals(runs.size(), new TreeSet<>(colours.values()).size(), "every run its own colour");

        Map<String, Element> figures = figures(doc);
        assertEquals(new ArrayList<>(new TreeSet<>(histories.keySet())), new ArrayList<>(figures.keySet()), "a chart per metric");
        assertEquals(figures.size(), elements(doc, "svg").size(), "one <svg> per metric");
        Set<String> svgIds = new TreeSet<>();
        for (Map.Entry<String, Element> f : figures.entrySet()) {
            String key = f.getKey();
            List<Element> svgs = elements(f.getValue(), "svg");
            assertEquals(1, svgs.size(), key);
            Element svg = svgs.get(0);
            svgIds.add(svg.getAttribute("id"));
            assertTrue(elements(svg, "text").stream().anyMatch(t -> t.getTextContent().equals(key)), "titled " + key);
            assertTrue(elements(svg, "text").stream().anyMatch(t -> t.getTextContent().equals("step")), "x axis label");
            Map<String, MetricSeries> logged = histories.get(key);
            assertEquals(new TreeSet<>(logged.keySet()), new TreeSet<>(legend(f.getValue())), "legend of " + key);
            for (Map.Entry<String, MetricSeries> run : logged.entrySet()) {
                String colour = colours.get(run.getKey());
                if (run.getValue().size() > 1) {
                    List<Element> lines = paths(svg, "stroke", colour);
                    assertEquals(1, lines.size(), key + ": one line for run " + run.getKey());
                    assertEquals(run.getValue().size() - 1, count(lines.get(0).getAttribute("d"), 'L'),
                            key + ": every point of run " + run.getKey() + " drawn (short history: nothing reduced)");
                } else {
                    assertEquals(1, paths(svg, "fill", colour).size(), key + ": a marker for run " + run.getKey());
                }
            }
        }
        assertEquals(figures.size(), svgIds.size(), "svg ids unique in the page");
        String header = elements(doc, "header").get(0).getTextContent();
        for (String expected : List.of("credit-risk", "id 1", "mlruns file store", "2024-09-17 10:00:00 UTC", "handoff test")) {
            assertTrue(header.contains(expected), expected + " in " + header);
        }
    }

    @Test
    void theReportReferencesNothingOutsideItself() throws Exception {
        String html = sampleReport(tmp.resolve("report.html"));
        Document doc = parse(html);
        for (String tag : List.of("link", "img", "iframe", "object", "embed", "image", "use", "a", "base")) {
            assertEquals(List.of(), elements(doc, tag), "no <" + tag + ">");
        }
        List<Element> all = elements(doc, "*");
        assertTrue(all.size() > 500, "walked " + all.size() + " elements");
        for (Element e : all) {
            NamedNodeMap attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                if (a.getName().startsWith("xmlns")) {
                    continue; // namespace names, never fetched
                }
                String v = a.getValue().toLowerCase(java.util.Locale.ROOT);
                assertFalse(a.getName().equals("src") || a.getName().endsWith("href"), "<" + e.getTagName() + " " + a.getName() + ">");
                assertFalse(v.contains("http:") || v.contains("https:") || v.contains("file:") || v.contains("//"),
                        "<" + e.getTagName() + " " + a.getName() + "=\"" + a.getValue() + "\">");
                assertTrue(!v.contains("url(") || v.matches(".*url\\(#[^)]*\\).*"), "only local url(#id): " + v);
            }
        }
        for (String tag : List.of("style", "script")) {
            String code = elements(doc, tag).get(0).getTextContent();
            assertFalse(code.contains("http") || code.contains("@import") || code.contains("url(") || code.contains("fetch("),
                    tag + " loads nothing: " + code);
        }
    }

    @Test
    void hostileNamesAndParamsAreEscaped() throws Exception {
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        String experiment = "exp <b>bold</b> & \"quoted\"";
        f.experiment("1", experiment);
        String name = "<script>alert('x')</script>&amp;\"'\u0007";
        Path a = f.run("1", id(1), "", 3, 1_700_000_000_000L, 1_700_000_065_000L, "active");
        MlrunsFixture.tag(a, "mlflow.runName", name); // a tag file holds any text, as MLflow writes it
        MlrunsFixture.param(a, "note", "</td><img src=x onerror=alert(1)>");
        MlrunsFixture.metricLines(a, "loss<&>", "1700000001000 0.9 0\n1700000002000 0.45 1\n");
        Path b = f.run("1", id(2), "plain", 3, 1_700_000_100_000L, 1_700_000_101_500L, "active");
        MlrunsFixture.metricLines(b, "loss<&>", "1700000101000 0.8 0\n1700000102000 0.5 1\n");
        Path out = tmp.resolve("hostile.html");
        try (RunSource source = RunSources.open(tmp.resolve("mlruns").toString())) {
            HtmlReport.write(source, ReportRequest.of("1", "handoff test"), out, ReportProgress.NONE);
        }
        String html = Files.readString(out);
        Document doc = parse(html); // well-formed: nothing broke out of its element
        assertFalse(html.contains("<script>alert"), "the run name is not markup");
        assertFalse(html.contains("<img"), "the param is not markup");
        assertEquals(1, elements(doc, "script").size(), "only the report's own script");
        assertEquals(List.of(), elements(doc, "img"));
        assertEquals(List.of(), elements(doc, "b"));
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("<script>alert('x')</script>&amp;\"'\uFFFD"), "shown as text, the control character replaced");
        assertTrue(text.contains("</td><img src=x onerror=alert(1)>"));
        assertTrue(text.contains(experiment));
        Element figure = figures(doc).get("loss<&>");
        assertEquals(List.of(id(1), id(2)).stream().sorted().toList(), legend(figure).stream().sorted().toList());
        assertTrue(elements(figure, "text").stream().anyMatch(t -> t.getTextContent().equals("loss<&>")), "the SVG title escaped");
    }

    @Test
    void longHistoriesAreReducedMinMaxNotTruncated() throws Exception {
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        f.experiment("1", "long");
        Path a = f.run("1", id(1), "long-run", 3, 1_700_000_000_000L, 1_700_000_065_000L, "active");
        int n = 200_000;
        int spike = 123_457;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = i == spike ? 100 : Math.sin(i / 1000.0);
            lines.append(1_700_000_000_000L + i).append(' ').append(v).append(' ').append(i).append('\n');
        }
        MlrunsFixture.metricLines(a, "loss", lines.toString());
        Path out = tmp.resolve("long.html");
        MetricSeries history;
        try (RunSource source = RunSources.open(tmp.resolve("mlruns").toString())) {
            HtmlReport.write(source, ReportRequest.of("long", "handoff test"), out, ReportProgress.NONE);
            history = source.getMetricHistory(id(1), "loss");
        }
        Downsampled d = ReportChart.downsample(history);
        assertTrue(d.size() < n / 20, d.size() + " points drawn");
        assertEquals(n - 1, (long) d.x()[d.size() - 1], "up to the last step");
        assertEquals(0, (long) d.x()[0], "from the first step");
        assertTrue(java.util.Arrays.stream(d.y()).anyMatch(y -> y == 100), "the spike survives");
        Document doc = parse(Files.readString(out));
        Element figure = figures(doc).get("loss");
        List<Element> line = paths(elements(figure, "svg").get(0), "stroke", runColours(doc).get(id(1)));
        assertEquals(1, line.size());
        assertEquals(d.size() - 1, count(line.get(0).getAttribute("d"), 'L'), "the reduced series is what is drawn");
        String caption = elements(figure, "figcaption").get(0).getTextContent();
        assertTrue(caption.contains(n + " points (drawn as " + d.size()), caption);
    }

    @Test
    void runsAreChosenByIdsOrFilterAndMetricsByName() throws Exception {
        try (RunSource source = RunSources.open(SAMPLE.toString())) {
            List<Run> all = source.searchAllRuns(RunQuery.of(List.of("1"))).runs();
            String two = all.get(3).id() + ", " + all.get(1).id();
            ReportData byIds = ReportLoader.load(source, ReportRequest.of("credit-risk", "t").withRuns(two), ReportProgress.NONE);
            assertEquals(List.of(all.get(1).id(), all.get(3).id()), byIds.runs().stream().map(Run::id).toList());

            String filter = "params.trainer = 'XGBoostClassificationTrainer'";
            List<String> xgb = all.stream().filter(r -> "XGBoostClassificationTrainer".equals(r.params().get("trainer")))
                    .map(Run::id).toList();
            assertFalse(xgb.isEmpty());
            ReportData filtered = ReportLoader.load(source, ReportRequest.of("credit-risk", "t").withRuns(filter)
                    .withMetrics(List.of("val_loss", "val_auc")).withTitle("XGB only"), ReportProgress.NONE);
            assertEquals(xgb, filtered.runs().stream().map(Run::id).toList());
            assertEquals(List.of("val_loss", "val_auc"), new ArrayList<>(filtered.histories().keySet()), "in the order asked");
            assertEquals("XGB only", filtered.title());

            ReportException unknownExperiment = assertThrows(ReportException.class,
                    () -> ReportLoader.load(source, ReportRequest.of("nope", "t"), ReportProgress.NONE));
            assertTrue(unknownExperiment.getMessage().contains("'nope'") && unknownExperiment.getMessage().contains("credit-risk [1]"),
                    unknownExperiment.getMessage());
            ReportException unknownRun = assertThrows(ReportException.class, () -> ReportLoader.load(source,
                    ReportRequest.of("credit-risk", "t").withRuns(all.get(0).id() + ",deadbeef"), ReportProgress.NONE));
            assertTrue(unknownRun.getMessage().contains("deadbeef") && !unknownRun.getMessage().contains(all.get(0).id()),
                    unknownRun.getMessage());
            ReportException unknownMetric = assertThrows(ReportException.class, () -> ReportLoader.load(source,
                    ReportRequest.of("credit-risk", "t").withMetrics(List.of("val_auc", "accuracyy")), ReportProgress.NONE));
            assertTrue(unknownMetric.getMessage().contains("'accuracyy'") && unknownMetric.getMessage().contains("val_auc"),
                    unknownMetric.getMessage());
            ReportException badFilter = assertThrows(ReportException.class, () -> ReportLoader.load(source,
                    ReportRequest.of("credit-risk", "t").withRuns("metrics.val_auc >> 0.8"), ReportProgress.NONE));
            assertTrue(badFilter.getMessage().contains("metrics.val_auc >> 0.8"), badFilter.getMessage());
        }
    }

    @Test
    void aCancelledReportStopsAndWritesNothing() throws Exception {
        Path out = tmp.resolve("cancelled.html");
        List<String> messages = new ArrayList<>();
        try (RunSource source = RunSources.open(SAMPLE.toString())) {
            // the user presses Cancel (the task's thread is interrupted) once the third history is being read
            ReportProgress cancelAfterTwo = (message, done, total) -> {
                messages.add(message);
                if (message.startsWith("Reading ") && done == 2) {
                    Thread.currentThread().interrupt();
                }
            };
            Exception e = assertThrows(Exception.class,
                    () -> HtmlReport.write(source, ReportRequest.of("credit-risk", "t"), out, cancelAfterTwo));
            assertTrue(e instanceof InterruptedException || e.getMessage().contains("cancelled"), e.toString());
        } finally {
            Thread.interrupted();
        }
        assertEquals(3, messages.stream().filter(m -> m.startsWith("Reading ") && !m.startsWith("Reading experiments")).count(),
                "stopped at the next history: " + messages);
        assertFalse(Files.exists(out));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no temp file left");
        }
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }
}
