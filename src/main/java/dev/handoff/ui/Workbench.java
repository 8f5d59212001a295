package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.PartialListingException;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.RunSources;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.ui.explain.ExplainPane;
import dev.handoff.ui.review.ReviewPane;
import dev.handoff.ui.export.ChartExport;
import dev.handoff.ui.export.CsvExport;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.model.RunColumn;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.geometry.Orientation;
import org.jfree.chart.JFreeChart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The main window: sources and experiments on the left, the runs table with charts / compare below it in the
 * center, run detail and problems on the right, a status bar with progress and Cancel at the bottom.
 * Wires the panes together; the work itself lives in the panes, the models and {@link TaskRunner}.
 */
public final class Workbench {
    private static final long CACHE_POINTS = 20_000_000L;
    private static final int PAGE_SIZE = 500;

    private final WorkbenchPrefs prefs;
    private final TaskRunner tasks = new TaskRunner(3);
    /** The last open/read/connect failure; click for its details. */
    private final dev.handoff.ui.status.StatusBar failureBar = new dev.handoff.ui.status.StatusBar();
    private final BorderPane root = new BorderPane();
    private final SourcesPane sources;
    private final RunsPane runs;
    private final RunDetailPane detail;
    private final ChartsPane charts;
    private final ComparePane compare;
    private final ExplainPane explain;
    private final TabPane views = new TabPane();
    private final SplitPane main = new SplitPane();
    private final SplitPane center = new SplitPane();
    private final CheckMenuItem darkTheme = new CheckMenuItem("Dark theme");
    private Stage stage;
    private RunSource source;
    private Path projectFolder;
    private ConnectPane connectPane;
    private Stage connectWindow;
    private ReviewPane reviewPane;
    private ExportPane exportPane;
    private HistoryCache cache;
    private List<LoadProblem> sourceProblems = List.of();
    /** The run listing of the selected experiments: latest only, a superseded listing is dropped. */
    private final LatestTask runListing = new LatestTask(tasks);

    public Workbench(WorkbenchPrefs prefs) {
        this.prefs = prefs;
        sources = new SourcesPane(this::chooseFolder, this::chooseDatabase, this::open);
        runs = new RunsPane(f -> loadRuns(), this::compareSelected);
        detail = new RunDetailPane(tasks, () -> source);
        charts = new ChartsPane(tasks, () -> cache);
        compare = new ComparePane(tasks, () -> cache);
        charts.setExporter((key, chart, format) -> chooseChartFile(key, format));
        explain = new ExplainPane(tasks, () -> source, this::lastSelectedRun, ReviewStore.userDefault());
        sources.setRecent(prefs.recentSources());
        sources.selectedExperiments().addListener((ListChangeListener<Experiment>) c -> loadRuns());
        runs.selectedItems().addListener((ListChangeListener<Object>) c -> selectionChanged());

        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab chartsTab = new Tab("Charts", charts);
        Tab compareTab = new Tab("Compare", compare);
        compareTab.setId("compareTab");
        Tab explainTab = new Tab("Explain", explain);
        explainTab.setId("explainTab");
        views.getTabs().addAll(chartsTab, compareTab, explainTab);
        views.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> compare.setShown(b == compareTab));
        center.setOrientation(Orientation.VERTICAL);
        center.getItems().addAll(runs, views);
        main.getItems().addAll(sources, center, detail);
        root.setTop(menuBar());
        root.setCenter(main);
        failureBar.setId("failureBar");
        failureBar.managedProperty().bind(failureBar.visibleProperty());
        failureBar.setVisible(false);
        root.setBottom(new VBox(failureBar, tasks.statusBar()));
        root.getStyleClass().add("workbench");
    }

    public Parent root() {
        return root;
    }

    /** Puts the window on {@code stage} with remembered geometry, dividers and theme. */
    public void show(Stage stage) {
        this.stage = stage;
        Scene scene = new Scene(root, prefs.getDouble("window.width", 1400), prefs.getDouble("window.height", 900));
        stage.setScene(scene);
        stage.setTitle("Handoff Workbench");
        double x = prefs.getDouble("window.x", Double.NaN);
        double y = prefs.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        main.setDividerPositions(prefs.getDouble("divider.main.0", 0.16), prefs.getDouble("divider.main.1", 0.78));
        center.setDividerPositions(prefs.getDouble("divider.center.0", 0.45));
        setDark(prefs.getBoolean("theme.dark", false));
        stage.setOnCloseRequest(e -> saveLayout());
        stage.show();
    }

    /** Opens a store by location (path, file: or sqlite: URI) in the background. */
    public void open(String location) {
        String shown = RestConfig.withoutUserInfo(location); // a password typed into a URL is never shown
        tasks.submit("Opening " + shown, p -> {
            RunSource s = RunSources.open(location);
            return new Opened(s, s.listExperiments(ViewType.ACTIVE_ONLY));
        }, opened -> {
            prefs.addRecent(location);
            sources.setRecent(prefs.recentSources());
            explain.setStoreLocation(location);
            use(opened);
            projectFolder = projectFolder(location);
        }, e -> failed("Could not open " + shown, e));
    }

    /** Uses an already constructed source (tests, embedding). */
    public void openSource(RunSource s) {
        tasks.submit("Reading " + s.describe(), p -> new Opened(s, s.listExperiments(ViewType.ACTIVE_ONLY)),
                this::use, e -> failed("Could not read " + s.describe(), e));
    }

    /**
     * Connects to a tracking server in the background. On success its experiments show in the browser and only the
     * URL is remembered among the recent sources (never the credentials); on failure the SourceException's message
     * (naming URL and HTTP status) goes to the status bar and to {@code onError}.
     */
    public void connect(RestConfig config, java.util.function.Consumer<String> onError, Runnable onSuccess) {
        tasks.submit("Connecting to " + config.base(), p -> {
            MlflowRestSource s = new MlflowRestSource(config);
            try {
                return new Opened(s, s.listExperiments(ViewType.ACTIVE_ONLY));
            } catch (SourceException | RuntimeException e) {
                s.close();
                throw e;
            }
        }, opened -> {
            prefs.addRecent(config.base());
            sources.setRecent(prefs.recentSources());
            use(opened);
            projectFolder = null;
            onSuccess.run();
        }, e -> {
            failed("Could not connect to " + config.base(), e);
            onError.accept(message(e));
        });
    }

    /** Shows the "Connect to tracking server" window (Ctrl+Shift+O). */
    public void showConnectDialog() {
        if (connectWindow == null) {
            connectWindow = window("Connect to tracking server");
            connectPane = new ConnectPane(config -> connect(config, connectPane::showError, () -> {
                connectPane.showError(null);
                connectPane.clearSecrets();
                connectWindow.hide();
            }));
            connectWindow.setScene(new Scene(connectPane, 640, 360));
            connectWindow.getScene().getStylesheets().setAll(root.getStylesheets());
        }
        connectWindow.show();
        connectWindow.toFront();
    }

    /** Shows "Export bundle" for the selected run (the last selected when several are). */
    public void showExportDialog() {
        List<Run> selected = runs.selectedRuns();
        if (source == null || selected.isEmpty()) {
            status("Select a run to export its bundle");
            return;
        }
        Run run = selected.get(selected.size() - 1);
        exportPane = new ExportPane(tasks, source, run, projectFolder, ReviewStore.userDefault());
        Stage w = window("Export bundle — " + run.displayName());
        w.setScene(new Scene(exportPane, 720, 560));
        w.getScene().getStylesheets().setAll(root.getStylesheets());
        w.show();
    }

    /** Shows the bundle review window; opens {@code bundle} in it when not null. */
    public void showReview(Path bundle) {
        if (reviewPane == null) {
            reviewPane = new ReviewPane(tasks, Clock.systemUTC());
            Stage w = window("Review bundle");
            w.setScene(new Scene(reviewPane, 1100, 720));
            w.getScene().getStylesheets().setAll(root.getStylesheets());
        }
        ((Stage) reviewPane.getScene().getWindow()).show();
        if (bundle != null) {
            reviewPane.open(bundle);
        }
    }

    private Stage window(String title) {
        Stage w = new Stage();
        w.setTitle(title);
        if (stage != null) {
            w.initOwner(stage);
        }
        return w;
    }

    /** The project folder of a local store location (where {@code data/test.csv} would be), or null. */
    static Path projectFolder(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return null;
        }
        String loc = location.startsWith("sqlite:///") ? location.substring("sqlite://".length()) : location;
        Path p = loc.startsWith("file://") ? Path.of(java.net.URI.create(loc)) : Path.of(loc);
        p = p.toAbsolutePath();
        if (Files.isRegularFile(p) || p.getFileName() != null && p.getFileName().toString().equals("mlruns")) {
            return p.getParent();
        }
        return p;
    }

    private record Opened(RunSource source, ExperimentList experiments) {
    }

    private void use(Opened opened) {
        closeSource();
        source = opened.source();
        cache = new HistoryCache(source, CACHE_POINTS);
        sourceProblems = opened.experiments().problems();
        detail.setProblems(sourceProblems);
        sources.setSource(source.describe());
        if (stage != null) {
            stage.setTitle("Handoff Workbench — " + source.describe());
        }
        var list = sources.experiments();
        list.getItems().setAll(opened.experiments().experiments());
        list.getSelectionModel().clearSelection();
        list.getSelectionModel().selectAll();
        if (list.getItems().isEmpty()) {
            runs.setRuns(List.of());
        }
    }

    /** Searches the selected experiments with the filter expression, page by page, in the background. */
    public void loadRuns() {
        if (source == null) {
            return;
        }
        List<String> ids = sources.selectedExperiments().stream()
                .filter(e -> e.lifecycleStage() == LifecycleStage.ACTIVE).map(Experiment::id).toList();
        if (ids.isEmpty()) {
            runListing.cancel();
            runs.setRuns(List.of());
            return;
        }
        RunSource s = source;
        RunQuery query = RunQuery.of(ids).withFilter(runs.filterExpression()).withMaxResults(PAGE_SIZE);
        runListing.submit("Loading runs", p -> {
            try {
                return new Listing(s.searchAllRuns(query, n -> p.message("Loaded " + n + " runs…")), null);
            } catch (PartialListingException e) {
                // the store failed part-way (a server went away): keep what loaded and say what is missing
                return new Listing(new RunPage(e.loaded().runs(), e.loaded().problems(), null), "Stopped after "
                        + e.loaded().runs().size() + " runs, the rest could not be loaded: " + e.getMessage());
            }
        }, listing -> {
            RunPage page = listing.page();
            runs.showFilterError(listing.error());
            runs.setRuns(page.runs());
            List<LoadProblem> all = new ArrayList<>(sourceProblems);
            all.addAll(page.problems());
            detail.setProblems(all);
            charts.setKeys(runs.metricKeys());
            compare.setPopulation(page.runs(), runs.paramKeys(), runs.metricKeys());
            status(listing.error() != null ? listing.error() : page.runs().size() + " runs loaded"
                    + (page.problems().isEmpty() ? "" : ", " + page.problems().size() + " unreadable (see Problems)"));
        }, e -> runs.showFilterError(message(e)));
    }

    /** Runs that loaded, and why the listing stopped early (null when it completed). */
    private record Listing(RunPage page, String error) {
    }

    private void selectionChanged() {
        List<Run> selected = runs.selectedRuns();
        detail.show(selected.isEmpty() ? null : selected.get(selected.size() - 1));
        charts.setRuns(selected);
    }

    private Run lastSelectedRun() {
        List<Run> selected = runs.selectedRuns();
        return selected.isEmpty() ? null : selected.get(selected.size() - 1);
    }

    /** Compares the selected runs (Ctrl+D). */
    public void compareSelected() {
        compare.compare(runs.selectedRuns());
        views.getSelectionModel().select(1);
    }

    /**
     * Writes the chart last clicked (or focused) as PNG or SVG (by extension); when no chart was clicked, the first.
     */
    public void exportChart(Path file) throws IOException {
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
    public void exportChart(String key, Path file) throws IOException {
        JFreeChart chart = charts.chart(key);
        if (chart == null) {
            throw new IOException("no chart of " + key + " is shown");
        }
        ChartExport.save(chart, file, ChartsPane.CHART_WIDTH * 2, ChartsPane.CHART_HEIGHT * 2);
    }

    /** Writes the runs table as shown (visible columns, filtered and sorted rows) as CSV. */
    public void exportRunsCsv(Path file) throws IOException {
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

    public void status(String message) {
        tasks.status(message);
    }

    /**
     * The one way a failure to open, read or connect is reported: a line in Problems, and the status line above the
     * progress bar, which opens a details dialog with the cause chain and the log file. (The failure is already
     * logged with its stack trace by the task runner.)
     */
    private void failed(String summary, Throwable e) {
        detail.addProblem(summary + ": " + message(e));
        failureBar.showFailure(summary + ": " + message(e), e);
        failureBar.setVisible(true);
    }

    public void setDark(boolean on) {
        darkTheme.setSelected(on);
        var sheets = root.getStylesheets();
        sheets.setAll(css("workbench.css"));
        if (on) {
            sheets.add(css("dark.css"));
        }
        charts.setDark(on);
        prefs.putBoolean("theme.dark", on);
    }

    public void close() {
        saveLayout();
        tasks.close();
        closeSource();
    }

    // --- accessors for tests and embedding
    TaskRunner tasks() {
        return tasks;
    }

    dev.handoff.ui.status.StatusBar failureBar() {
        return failureBar;
    }

    RunsPane runsPane() {
        return runs;
    }

    ChartsPane chartsPane() {
        return charts;
    }

    ComparePane comparePane() {
        return compare;
    }

    RunDetailPane detailPane() {
        return detail;
    }

    SourcesPane sourcesPane() {
        return sources;
    }

    ConnectPane connectPane() {
        return connectPane;
    }

    ExportPane exportPane() {
        return exportPane;
    }

    ReviewPane reviewPane() {
        return reviewPane;
    }

    private void saveLayout() {
        if (stage != null && stage.getScene() != null) {
            prefs.putDouble("window.x", stage.getX());
            prefs.putDouble("window.y", stage.getY());
            prefs.putDouble("window.width", stage.getScene().getWidth());
            prefs.putDouble("window.height", stage.getScene().getHeight());
        }
        double[] m = main.getDividerPositions();
        for (int i = 0; i < m.length; i++) {
            prefs.putDouble("divider.main." + i, m[i]);
        }
        double[] c = center.getDividerPositions();
        for (int i = 0; i < c.length; i++) {
            prefs.putDouble("divider.center." + i, c[i]);
        }
        prefs.flush();
    }

    private void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (SourceException e) {
                status("Closing " + source.describe() + ": " + e.getMessage());
            }
        }
    }

    private MenuBar menuBar() {
        MenuItem openFolder = item("Open folder…", "Shortcut+O", this::chooseFolder);
        MenuItem openDb = item("Open mlflow.db…", null, this::chooseDatabase);
        MenuItem connect = item("Connect to tracking server…", "Shortcut+Shift+O", this::showConnectDialog);
        MenuItem exportBundle = item("Export bundle…", null, this::showExportDialog);
        MenuItem review = item("Review bundle…", null, () -> showReview(null));
        MenuItem reload = item("Reload", "Shortcut+R", () -> {
            if (source != null) {
                cache.clear(); // histories are refetched, not served from before the reload
                openSource(source);
            }
        });
        MenuItem exportChart = item("Export chart (PNG/SVG)…", "Shortcut+E", this::chooseChartExport);
        MenuItem exportTable = item("Export runs table (CSV)…", null, () -> chooseCsv(this::exportRunsCsv));
        MenuItem exportCompare = item("Export comparison (CSV)…", null, () -> chooseCsv(compare::exportCsv));
        MenuItem quit = item("Quit", "Shortcut+Q", () -> {
            if (stage != null) {
                saveLayout();
                stage.close();
            }
        });
        Menu file = new Menu("File", null, openFolder, openDb, connect, reload, new SeparatorMenuItem(), exportChart,
                exportTable, exportCompare, new SeparatorMenuItem(), exportBundle, review, new SeparatorMenuItem(), quit);
        MenuItem find = item("Filter runs", "Shortcut+F", () -> runs.quickFilter().requestFocus());
        MenuItem cmp = item("Compare selected", "Shortcut+D", this::compareSelected);
        // "Esc" is KeyCode.ESCAPE's name; "Escape" would parse as a character combination that no key press matches
        MenuItem cancel = item("Cancel background tasks", "Esc", tasks::cancelAll);
        Menu runsMenu = new Menu("Runs", null, find, cmp, cancel);
        darkTheme.setOnAction(e -> setDark(darkTheme.isSelected()));
        Menu view = new Menu("View", null, darkTheme);
        return new MenuBar(file, runsMenu, view);
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open an mlruns folder or a project folder");
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            open(dir.getAbsolutePath());
        }
    }

    private void chooseDatabase() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open an MLflow SQLite store");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("MLflow database", "*.db", "*.sqlite"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            open(f.getAbsolutePath());
        }
    }

    @FunctionalInterface
    private interface Export {
        void to(Path file) throws IOException;
    }

    /**
     * File &gt; Export chart (Ctrl+E): the chart last clicked or focused; with none, the only chart, or the user picks
     * one of the charts shown.
     */
    private void chooseChartExport() {
        String key = charts.activeKey();
        if (key == null) {
            List<String> shown = charts.chartKeys();
            if (shown.isEmpty()) {
                status("No chart to export: select runs and metrics first");
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
    private void chooseChartFile(String key, ChartsPane.ChartFormat format) {
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
            String chosenKey = key;
            runExport(() -> exportChart(chosenKey, f.toPath()), f);
        }
    }

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

    private SaveDialog saveDialog = chooser -> chooser.showSaveDialog(stage);
    private ChartChoice chartChoice = keys -> {
        ChoiceDialog<String> d = new ChoiceDialog<>(keys.get(0), keys);
        d.setTitle("Export chart");
        d.setHeaderText("Which chart? (Click a chart first to export it directly.)");
        d.setContentText("Metric:");
        if (stage != null) {
            d.initOwner(stage);
        }
        return d.showAndWait().orElse(null);
    };

    void setSaveDialog(SaveDialog dialog) {
        saveDialog = dialog;
    }

    void setChartChoice(ChartChoice choice) {
        chartChoice = choice;
    }

    private void chooseCsv(Export export) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File f = saveDialog.show(chooser);
        if (f != null) {
            runExport(() -> export.to(f.toPath()), f);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void runExport(IoAction action, File f) {
        try {
            action.run();
            status("Exported " + f);
        } catch (IOException e) {
            status("Export to " + f + " failed: " + e.getMessage());
        }
    }

    private static String css(String name) {
        return Workbench.class.getResource(name).toExternalForm();
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
