package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.ui.export.ChartExport;
import dev.handoff.ui.export.CsvExport;
import dev.handoff.ui.model.RunColumn;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workbench's File &gt; Export actions: a chart as PNG/SVG, the runs table and the comparison as CSV, the report
 * as HTML ({@link ReportExports}, in the background). Each asks where to write (through a replaceable dialog, so tests
 * can answer it) and reports the outcome in the status line.
 */
final class WorkbenchExports {
    private final ChartsPane charts;
    private final RunsPane runs;
    private final ComparePane compare;
    private final Consumer<String> status;
    private final Supplier<Window> owner;
    private SaveDialog saveDialog;
    private ChartChoice chartChoice;
    private ReportExports report;

    /** Shows a save dialog (replaceable so tests can answer it). */
    @FunctionalInterface
    interface SaveDialog {
        File show(FileChooser chooser);
    }

    /** Asks which of several charts to export; null when the user declines. */
    @FunctionalInterface
    interface ChartChoice {
        String choose(List<String> keys);
    }

    @FunctionalInterface
    private interface Export {
        void to(Path file) throws IOException;
    }

    WorkbenchExports(ChartsPane charts, RunsPane runs, ComparePane compare, Consumer<String> status,
                     Supplier<Window> owner) {
        this.charts = charts;
        this.runs = runs;
        this.compare = compare;
        this.status = status;
        this.owner = owner;
        saveDialog = chooser -> chooser.showSaveDialog(owner.get());
        chartChoice = this::askWhichChart;
    }

    void setSaveDialog(SaveDialog dialog) {
        saveDialog = dialog;
    }

    void setChartChoice(ChartChoice choice) {
        chartChoice = choice;
    }

    void setReport(ReportExports report) {
        this.report = report;
    }

    /** File &gt; Export report (HTML): asks where, then writes the report in the background. */
    void chooseReport() {
        String unavailable = report.unavailable();
        if (unavailable != null) {
            status.accept(unavailable);
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export report");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTML report", "*.html"));
        chooser.setInitialFileName(report.initialFileName());
        File f = saveDialog.show(chooser);
        if (f != null) {
            report.export(f.toPath());
        }
    }

    /** Writes the chart last clicked (or focused) as PNG or SVG (by extension); when no chart was clicked, the first. */
    void exportChart(Path file) throws IOException {
        String key = charts.activeKey();
        if (key == null) {
            List<String> shown = charts.chartKeys();
            if (shown.isEmpty()) {
                throw new IOException("no chart to export: select runs and metrics first");
            }
            key = shown.get(0);
        }
        exportChart(key, file);
    }

    /** Writes the chart of metric {@code key} as PNG or SVG (by extension). */
    void exportChart(String key, Path file) throws IOException {
        JFreeChart chart = charts.chart(key);
        if (chart == null) {
            throw new IOException("no chart of " + key + " is shown");
        }
        ChartExport.save(chart, file, ChartsPane.CHART_WIDTH * 2, ChartsPane.CHART_HEIGHT * 2);
    }

    /** Writes the runs table as shown (visible columns, filtered and sorted rows) as CSV. */
    void exportRunsCsv(Path file) throws IOException {
        List<RunColumn> cols = runs.visibleColumns();
        List<String> header = new ArrayList<>();
        header.add("run_id");
        cols.forEach(c -> header.add(c.id()));
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs.visibleRuns()) {
            List<String> row = new ArrayList<>();
            row.add(r.id());
            cols.forEach(c -> row.add(c.text(r)));
            rows.add(row);
        }
        CsvExport.write(file, header, rows);
    }

    /**
     * File &gt; Export chart (Ctrl+E): the chart last clicked or focused; with none, the only chart, or the user picks
     * one of the charts shown.
     */
    void chooseChartExport() {
        String key = charts.activeKey();
        if (key == null) {
            List<String> shown = charts.chartKeys();
            if (shown.isEmpty()) {
                status.accept("No chart to export: select runs and metrics first");
                return;
            }
            key = shown.size() == 1 ? shown.get(0) : chartChoice.choose(shown);
            if (key == null) {
                return;
            }
        }
        chooseChartFile(key, null);
    }

    /** Asks where to write the chart of {@code key}; {@code format} first among the file types (null: PNG). */
    void chooseChartFile(String key, ChartsPane.ChartFormat format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chart " + key);
        List<FileChooser.ExtensionFilter> filters = new ArrayList<>();
        for (ChartsPane.ChartFormat f : ChartsPane.ChartFormat.values()) {
            filters.add(new FileChooser.ExtensionFilter(f.description, "*." + f.extension));
        }
        ChartsPane.ChartFormat first = format != null ? format : ChartsPane.ChartFormat.PNG;
        chooser.getExtensionFilters().setAll(filters);
        chooser.setSelectedExtensionFilter(filters.get(first.ordinal()));
        chooser.setInitialFileName(key.replaceAll("[^A-Za-z0-9._-]", "_") + "." + first.extension);
        File f = saveDialog.show(chooser);
        if (f != null) {
            run(file -> exportChart(key, file), f);
        }
    }

    /** File &gt; Export runs table (CSV). */
    void chooseRunsCsv() {
        chooseCsv(this::exportRunsCsv);
    }

    /** File &gt; Export comparison (CSV). */
    void chooseComparisonCsv() {
        chooseCsv(compare::exportCsv);
    }

    private void chooseCsv(Export export) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File f = saveDialog.show(chooser);
        if (f != null) {
            run(export, f);
        }
    }

    private void run(Export export, File f) {
        try {
            export.to(f.toPath());
            status.accept("Exported " + f);
        } catch (IOException e) {
            status.accept("Export to " + f + " failed: " + e.getMessage());
        }
    }

    private String askWhichChart(List<String> keys) {
        ChoiceDialog<String> d = new ChoiceDialog<>(keys.get(0), keys);
        d.setTitle("Export chart");
        d.setHeaderText("Which chart? (Click a chart first to export it directly.)");
        d.setContentText("Metric:");
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
        }
        return d.showAndWait().orElse(null);
    }
}
