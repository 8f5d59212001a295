package dev.handoff.report;

import dev.handoff.peer.ChromiumPeer;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.RunSources;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample's report as headless Chromium draws it, offline: every chart is laid out with a size, every run's colour
 * is drawn inside the chart of each metric it logged, and the runs table sorts by a clicked column.
 */
@Tag("peer")
class ReportChromiumPeerTest {
    private static final int WIDTH = 1280;
    /**
     * Measures the laid-out page into attributes --dump-dom shows: each svg's box (page coordinates) and the page
     * height; then clicks the "duration" header and records the row order. Only in a copy; the report is unchanged.
     */
    private static final String PROBE = "<script>(function(){"
            + "document.querySelectorAll('svg').forEach(function(s){var r=s.getBoundingClientRect();"
            + "s.setAttribute('data-box',[r.left+window.scrollX,r.top+window.scrollY,r.width,r.height].map(Math.round).join(','));});"
            + "document.body.setAttribute('data-page-height',document.documentElement.scrollHeight);"
            + "Array.prototype.forEach.call(document.querySelectorAll('#runs-table th'),function(th){"
            + "if(th.textContent==='duration'){th.click();}});"
            + "document.body.setAttribute('data-sorted',Array.prototype.map.call(document.querySelectorAll('#runs-table tbody tr'),"
            + "function(r){return r.getAttribute('data-run-id');}).join(','));})();</script>";
    private static final Pattern SVG = Pattern.compile("<svg\\b[^>]*>");

    @TempDir
    Path tmp;

    @Test
    void chromiumDrawsEveryChartOfTheSampleReport() throws Exception {
        ChromiumPeer chromium = ChromiumPeer.require();
        Path report = tmp.resolve("report.html");
        String html = ReportHtmlTest.sampleReport(report);
        Document doc = ReportPages.parse(html);
        Map<String, Element> figures = ReportPages.figures(doc);
        Map<String, String> colours = ReportPages.runColours(doc);
        assertEquals(8, figures.size());

        Path probe = tmp.resolve("probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));
        String dom = chromium.dumpDom(probe, WIDTH, 2000);
        Map<String, int[]> boxes = new LinkedHashMap<>();
        Matcher m = SVG.matcher(dom);
        while (m.find()) {
            String tag = m.group();
            int[] box = java.util.Arrays.stream(attribute(tag, "data-box").split(",")).mapToInt(Integer::parseInt).toArray();
            boxes.put(attribute(tag, "id"), box);
        }
        assertEquals(figures.size(), boxes.size(), "every <svg> is in the rendered DOM: " + boxes.keySet());
        for (Map.Entry<String, int[]> b : boxes.entrySet()) {
            assertTrue(b.getValue()[2] > 400 && b.getValue()[3] > 150, b.getKey() + " laid out with a size: "
                    + java.util.Arrays.toString(b.getValue()));
        }
        int pageHeight = Integer.parseInt(attribute(bodyTag(dom), "data-page-height"));
        assertSortedByDuration(attribute(bodyTag(dom), "data-sorted"));

        // the whole page in one screenshot, so every chart is in it
        Path png = tmp.resolve("report.png");
        chromium.screenshot(report, png, WIDTH, pageHeight).requireSuccess();
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        Path snapshots = Path.of("target", "snapshots");
        Files.createDirectories(snapshots);
        Files.copy(png, snapshots.resolve("report-chromium.png"), StandardCopyOption.REPLACE_EXISTING);

        int n = 0;
        for (Map.Entry<String, Element> f : figures.entrySet()) {
            Element svg = ReportPages.elements(f.getValue(), "svg").get(0);
            int[] box = boxes.get(svg.getAttribute("id"));
            assertTrue(box[1] + box[3] <= image.getHeight(), f.getKey() + " inside the screenshot");
            for (String runId : ReportPages.legend(f.getValue())) {
                int pixels = pixelsNear(image, box, Integer.parseInt(colours.get(runId).substring(1), 16));
                assertTrue(pixels >= 15, f.getKey() + ": run " + runId + " drawn in " + colours.get(runId) + " inside the chart ("
                        + pixels + " pixels); screenshot " + snapshots.resolve("report-chromium.png").toAbsolutePath());
            }
            n++;
        }
        assertEquals(8, n);
    }

    private static void assertSortedByDuration(String sorted) throws Exception {
        try (RunSource source = RunSources.open(ReportHtmlTest.SAMPLE.toString())) {
            List<String> expected = source.searchAllRuns(RunQuery.of(List.of("1"))).runs().stream()
                    .sorted(Comparator.comparingLong(r -> r.info().durationMillis())).map(Run::id).toList();
            assertEquals(expected, List.of(sorted.split(",")), "the runs table sorted by the clicked duration header");
        }
    }

    /** Pixels inside {@code box} (x, y, w, h) within a small distance of {@code rgb}. */
    private static int pixelsNear(BufferedImage image, int[] box, int rgb) {
        int count = 0;
        for (int y = box[1]; y < Math.min(image.getHeight(), box[1] + box[3]); y++) {
            for (int x = box[0]; x < Math.min(image.getWidth(), box[0] + box[2]); x++) {
                int p = image.getRGB(x, y);
                int d = Math.abs((p >> 16 & 0xFF) - (rgb >> 16 & 0xFF)) + Math.abs((p >> 8 & 0xFF) - (rgb >> 8 & 0xFF))
                        + Math.abs((p & 0xFF) - (rgb & 0xFF));
                if (d <= 45) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String bodyTag(String dom) {
        Matcher m = Pattern.compile("<body\\b[^>]*>").matcher(dom);
        assertTrue(m.find(), "a <body> in the rendered DOM");
        return m.group();
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), name + " in " + tag);
        return m.group(1);
    }
}
