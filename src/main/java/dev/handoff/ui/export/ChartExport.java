package dev.handoff.ui.export;

import dev.handoff.bundle.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Saves a chart as PNG or SVG (atomically). */
public final class ChartExport {
    private ChartExport() {
    }

    public static void savePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    public static void saveSvg(JFreeChart chart, Path file, int width, int height) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        byte[] svg = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(svg));
    }

    /** PNG or SVG by the file's extension ({@code .svg}, else PNG). */
    public static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
            saveSvg(chart, file, width, height);
        } else {
            savePng(chart, file, width, height);
        }
    }
}
