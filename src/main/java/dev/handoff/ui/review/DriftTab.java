package dev.handoff.ui.review;

import dev.handoff.drift.DataTable;
import dev.handoff.drift.DriftAnalyzer;
import dev.handoff.drift.DriftHtml;
import dev.handoff.drift.DriftReport;
import dev.handoff.drift.ReferenceProfile;
import dev.handoff.drift.ReferenceProfiles;
import dev.handoff.drift.TribuoScorer;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.fx.ChartViewer;
import org.tribuo.Model;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.handoff.bundle.BundleReader;
import dev.handoff.bundle.OpenedBundle;

import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Drift tab of a bundle under review: choose a CSV of new data, compare it with the bundle's reference profile
 * ({@code monitoring/reference_profile.json}) off the FX thread (progress, Cancel; latest-only, so a second run
 * supersedes the first), and see every monitored column's verdict and PSI sorted by severity, the reference vs current
 * bars of the selected column and the model's score distribution. The report exports to PNG (this view) and HTML.
 */
public final class DriftTab {
    /** A table row of a drifted column. */
    public static final javafx.css.PseudoClass DRIFTED = javafx.css.PseudoClass.getPseudoClass("drifted");

    private final Path bundleDir;
    private final LatestTask latest;
    private final Tab tab = new Tab("Drift");
    private final BorderPane root = new BorderPane();
    private final Label dataLabel = new Label("No data chosen");
    private final Label status = new Label("Choose a CSV of new data to compare with the bundle's reference profile.");
    private final Label verdict = new Label();
    private final Button choose = new Button("Choose CSV…");
    private final Button run = new Button("Compare");
    private final Button cancel = new Button("Cancel");
    private final Button exportPng = new Button("Export PNG…");
    private final Button exportHtml = new Button("Export HTML…");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final TableView<DriftReport.ColumnDrift> table = new TableView<>();
    private final ChartViewer columnChart = new ChartViewer(null);
    private final ChartViewer scoreChart = new ChartViewer(null);
    private final ReadOnlyObjectWrapper<DriftReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final javafx.beans.property.BooleanProperty hasData = new javafx.beans.property.SimpleBooleanProperty(false);
    private Path data;

    public DriftTab(Path bundleDir, TaskRunner runner) {
        this.bundleDir = bundleDir;
        this.latest = new LatestTask(runner);
        tab.setId("driftTab");
        tab.setClosable(false);
        choose.setId("driftChoose");
        run.setId("driftRun");
        cancel.setId("driftCancel");
        exportPng.setId("driftExportPng");
        exportHtml.setId("driftExportHtml");
        table.setId("driftTable");
        progress.setId("driftProgress");
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(latest.runningProperty());
        cancel.disableProperty().bind(latest.runningProperty().not());
        run.disableProperty().bind(latest.runningProperty().or(hasData.not()));
        choose.disableProperty().bind(latest.runningProperty());
        exportPng.disableProperty().bind(report.isNull());
        exportHtml.disableProperty().bind(report.isNull());
        verdict.getStyleClass().add(Css.SECTION_HEADER);

        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("New data to compare with the reference profile");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
            java.io.File f = chooser.showOpenDialog(tab.getTabPane() == null ? null : tab.getTabPane().getScene().getWindow());
            if (f != null) {
                openCsv(f.toPath());
                compare();
            }
        });
        run.setOnAction(e -> compare());
        cancel.setOnAction(e -> cancel());
        exportPng.setOnAction(e -> saveAs("PNG image", "*.png", "drift-report.png", this::exportPng));
        exportHtml.setOnAction(e -> saveAs("HTML page", "*.html", "drift-report.html", this::exportHtml));

        table.getColumns().add(column("column", c -> c.column(), 140));
        table.getColumns().add(column("test", c -> shortName(c.test()) + (c.exact() ? "" : " ≈"), 170));
        table.getColumns().add(column("statistic", c -> String.format(Locale.ROOT, "%.4g", c.statistic()), 90));
        table.getColumns().add(column("threshold", c -> String.format(Locale.ROOT, "%.3g", c.threshold()), 70));
        table.getColumns().add(column("verdict", c -> c.drifted() ? "DRIFT" : "ok", 65));
        table.getColumns().add(column("PSI", c -> String.format(Locale.ROOT, "%.3f", c.psi()), 65));
        table.getColumns().add(column("PSI band", DriftReport.ColumnDrift::psiBand, 75));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(DriftReport.ColumnDrift item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(DRIFTED, !empty && item != null && item.drifted());
            }
        });
        table.setPlaceholder(new Label("No report yet"));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, c) -> showColumn(c));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, choose, dataLabel, run, progress, cancel, spacer, exportPng, exportHtml);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        VBox top = new VBox(4, bar, verdict, status);
        top.setPadding(new Insets(0, 6, 6, 6));
        columnChart.setId("driftColumnChart");
        scoreChart.setId("driftScoreChart");
        SplitPane charts = new SplitPane(columnChart, scoreChart);
        charts.setOrientation(Orientation.VERTICAL);
        SplitPane center = new SplitPane(table, charts);
        center.setDividerPositions(0.56);
        root.setTop(top);
        root.setCenter(center);
        root.getStyleClass().add("drift-tab");
        tab.setContent(root);
    }

    private static TableColumn<DriftReport.ColumnDrift, String> column(String title,
                                                                      Function<DriftReport.ColumnDrift, String> value, double width) {
        TableColumn<DriftReport.ColumnDrift, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new javafx.beans.property.SimpleStringProperty(value.apply(f.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static String shortName(String test) {
        return switch (test) {
            case "ks" -> "K-S p-value";
            case "chisquare" -> "chi² p-value";
            case "z" -> "Z-test p-value";
            case "wasserstein" -> "Wasserstein (normed)";
            case "jensenshannon" -> "Jensen-Shannon";
            default -> test;
        };
    }

    public Tab tab() {
        return tab;
    }

    /** Chooses the new data (without running the comparison). */
    public void openCsv(Path csv) {
        data = csv;
        dataLabel.setText(csv.getFileName().toString());
        hasData.set(true);
    }

    /** Runs the comparison of the chosen CSV in the background; a running one is superseded. */
    public void compare() {
        if (data == null) {
            return;
        }
        Path csv = data;
        status.setText("Comparing " + csv.getFileName() + " with the reference profile…");
        Css.neutral(status);
        latest.submit("Drift of " + csv.getFileName(), p -> analyse(csv, p), this::show, error -> {
            status.setText(error.getMessage() == null ? error.toString() : error.getMessage());
            Css.outcome(status, false);
        }, () -> status.setText("Cancelled"));
    }

    /** Cancels a running comparison. */
    public void cancel() {
        if (latest.isRunning()) {
            latest.cancel();
            status.setText("Cancelled");
        }
    }

    @SuppressWarnings("unchecked")
    private DriftReport analyse(Path csv, TaskRunner.Progress p) throws Exception {
        p.message("Reading the reference profile");
        ReferenceProfile profile;
        Model<?> model;
        try (OpenedBundle opened = BundleReader.open(bundleDir)) { // a folder, or a zip safely extracted
            Path root = opened.root();
            profile = ReferenceProfiles.read(root.resolve(ReferenceProfiles.BUNDLE_PATH),
                    opened.source() + (opened.extracted() ? "!" : "/") + ReferenceProfiles.BUNDLE_PATH);
            model = dev.handoff.bundle.model.TribuoModelFiles.readModel(
                    root.resolve("tribuo").resolve(dev.handoff.bundle.model.TribuoModelFiles.MODEL_FILE));
        }
        checkInterrupted();
        p.message("Reading " + csv.getFileName());
        DataTable table = DriftAnalyzer.read(profile, csv);
        checkInterrupted();
        p.message("Comparing");
        TribuoScorer scorer = model.validate(org.tribuo.classification.Label.class) && profile.positiveLabel() != null
                ? new TribuoScorer((Model<org.tribuo.classification.Label>) model, profile.features(), profile.positiveLabel())
                : null;
        return DriftAnalyzer.compare(profile, table, scorer, profile.plan(), () -> Thread.currentThread().isInterrupted());
    }

    private static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cancelled");
        }
    }

    private void show(DriftReport r) {
        report.set(r);
        table.setItems(FXCollections.observableArrayList(r.columns()));
        verdict.setText(String.format(Locale.ROOT, "%s — %d of %d columns drifted (%.0f%%; data set drift at ≥ %.0f%%)%s",
                r.driftDetected() ? "Drift detected" : "No drift detected", r.driftedColumns(), r.columns().size(),
                r.driftedShare() * 100, r.plan().driftShare() * 100, r.datasetDrift() ? ": DATA SET DRIFT" : ""));
        Css.outcome(verdict, !r.driftDetected());
        status.setText(r.data() + " (" + r.rows() + " rows) against the " + r.reference() + " profile ("
                + r.referenceFile() + ", " + r.referenceRows() + " rows)" + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes())));
        Css.neutral(status);
        if (r.score() != null) {
            scoreChart.setChart(DriftCharts.bars(r.score(), "Model " + DriftCharts.title(r.score())));
        } else {
            scoreChart.setChart(null);
        }
        if (!r.columns().isEmpty()) {
            table.getSelectionModel().select(0);
        }
    }

    private void showColumn(DriftReport.ColumnDrift c) {
        columnChart.setChart(c == null ? null : DriftCharts.bars(c, DriftCharts.title(c)));
    }

    /** The report shown, or null. */
    public ReadOnlyObjectProperty<DriftReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public TableView<DriftReport.ColumnDrift> table() {
        return table;
    }

    public boolean isRunning() {
        return latest.isRunning();
    }

    /** Writes this view as a PNG (temporary file, then rename). */
    public void exportPng(Path file) throws IOException {
        WritableImage image = root.snapshot(null, null);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the report as an HTML page (temporary file, then rename). */
    public void exportHtml(Path file) throws IOException {
        DriftReport r = report.get();
        if (r == null) {
            throw new IllegalStateException("no report to export");
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, DriftHtml.render(r), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface Export {
        void to(Path file) throws IOException;
    }

    private void saveAs(String what, String pattern, String name, Export export) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the drift report");
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        java.io.File f = chooser.showSaveDialog(tab.getTabPane() == null ? null : tab.getTabPane().getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            export.to(f.toPath());
            status.setText("Exported " + f.getName());
            Css.outcome(status, true);
        } catch (IOException | RuntimeException e) {
            status.setText("Cannot export " + f + ": " + e.getMessage());
            Css.outcome(status, false);
        }
    }

    Node content() {
        return root;
    }
}
