package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Run;
import dev.handoff.runs.PartialListingException;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.RunSources;
import dev.handoff.ui.SourceOpener.Opened;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.ui.explain.ExplainPane;
import dev.handoff.ui.review.ReviewPane;
import dev.handoff.ui.model.HistoryCache;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.geometry.Orientation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
    private final WorkbenchExports exports;
    private final WorkbenchWindows windows;
    private final WorkbenchModels models;
    private final WindowLayout layout;
    private final TabPane views = new TabPane();
    private final SplitPane main = new SplitPane();
    private final SplitPane center = new SplitPane();
    private final CheckMenuItem darkTheme = new CheckMenuItem("Dark theme");
    private Stage stage;
    private RunSource source;
    private Path projectFolder;
    private HistoryCache cache;
    private List<LoadProblem> sourceProblems = List.of();
    /** The one open path: latest only, a superseded opening is dropped. */
    private final SourceOpener opener = new SourceOpener(tasks, () -> source, this::use, this::failed);
    /** The run listing of the selected experiments: latest only, a superseded listing is dropped. */
    private final LatestTask runListing = new LatestTask(tasks);
    final WorkbenchViews savedViews = new WorkbenchViews(this, () -> source, dev.handoff.bundle.view.SavedViews.userDefault());

    public Workbench(WorkbenchPrefs prefs) {
        this.prefs = prefs;
        sources = new SourcesPane(this::chooseFolder, this::chooseDatabase, this::open);
        runs = new RunsPane(f -> loadRuns(), this::compareSelected, tasks, () -> cache);
        detail = new RunDetailPane(tasks, () -> source);
        charts = new ChartsPane(tasks, () -> cache);
        compare = new ComparePane(tasks, () -> cache);
        layout = new WindowLayout(prefs, main, center);
        windows = new WorkbenchWindows(tasks, () -> stage, root.getStylesheets(), () -> source);
        exports = new WorkbenchExports(charts, runs, compare, this::status, () -> stage);
        exports.setReport(new ReportExports(tasks, () -> source, sources::selectedExperiments, runs::selectedRuns, this::status));
        charts.setExporter((key, chart, format) -> exports.chooseChartFile(key, format));
        charts.grouping().fieldProperty().addListener((o, a, b) -> runs.setGroupBy(b));
        explain = new ExplainPane(tasks, () -> source, this::lastSelectedRun, ReviewStore.userDefault());
        sources.setRecent(prefs.recentSources());
        sources.selectedExperiments().addListener((ListChangeListener<Experiment>) c -> loadRuns());
        runs.selectedItems().addListener((ListChangeListener<Object>) c -> selectionChanged());
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab chartsTab = new Tab("Charts", charts), compareTab = new Tab("Compare", compare);
        compareTab.setId("compareTab");
        Tab explainTab = new Tab("Explain", explain);
        explainTab.setId("explainTab");
        views.getTabs().addAll(chartsTab, compareTab, explainTab);
        views.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> compare.setShown(b == compareTab));
        models = new WorkbenchModels(tasks, () -> source, runs, sources, views, this::compareSelected,
                (run, refs) -> windows.showExport(source, run, projectFolder, refs), this::status);
        center.setOrientation(Orientation.VERTICAL);
        center.getItems().addAll(runs, views);
        main.getItems().addAll(sources, center, detail);
        root.setTop(WorkbenchMenus.create(this, exports, darkTheme));
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
        stage.setScene(new Scene(root, layout.width(), layout.height()));
        stage.setTitle("Handoff Workbench");
        layout.restore(stage);
        setDark(prefs.getBoolean("theme.dark", false));
        stage.setOnCloseRequest(e -> saveLayout());
        stage.show();
    }

    /** Opens a store by location (path, file: or sqlite: URI) in the background. */
    public void open(String location) {
        String shown = RestConfig.withoutUserInfo(location); // a password typed into a URL is never shown
        opener.open("Opening " + shown, () -> RunSources.open(location), "Could not open " + shown, opened -> {
            prefs.addRecent(location);
            sources.setRecent(prefs.recentSources());
            explain.setStoreLocation(location);
            projectFolder = SourceOpener.projectFolder(location);
        }, e -> { });
    }

    /** Uses an already constructed source (tests, embedding, Reload). */
    public void openSource(RunSource s) {
        opener.open("Reading " + s.describe(), () -> s, "Could not read " + s.describe(), opened -> { }, e -> { });
    }

    /**
     * Connects to a tracking server in the background. On success its experiments show in the browser and only the
     * URL is remembered among the recent sources (never the credentials); on failure the SourceException's message
     * (naming URL and HTTP status) goes to Problems, the status line and {@code onError}.
     */
    public void connect(RestConfig config, Consumer<String> onError, Runnable onSuccess) {
        opener.open("Connecting to " + config.base(), () -> new MlflowRestSource(config),
                "Could not connect to " + config.base(), opened -> {
                    prefs.addRecent(config.base());
                    sources.setRecent(prefs.recentSources());
                    projectFolder = null;
                    onSuccess.run();
                }, e -> onError.accept(message(e)));
    }

    /** Shows the "Connect to tracking server" window (Ctrl+Shift+O). */
    public void showConnectDialog() {
        windows.showConnect(this::connect);
    }

    /** Shows "Export bundle" for the selected run (the last selected when several are). */
    public void showExportDialog() {
        Run run = lastSelectedRun();
        if (source == null || run == null) {
            status("Select a run to export its bundle");
            return;
        }
        windows.showExport(source, run, projectFolder, List.of());
    }

    /** Shows the bundle review window; opens {@code bundle} in it when not null. */
    public void showReview(Path bundle) {
        windows.showReview(bundle);
    }

    private void use(Opened opened) {
        if (opened.source() != source) {
            closeSource(); // Reload keeps the same source open
        }
        source = opened.source();
        cache = new HistoryCache(source, CACHE_POINTS);
        sourceProblems = opened.experiments().problems();
        models.setSource(source);
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
            models.listed();
        }, e -> runs.showFilterError(message(e)));
    }

    /** Runs that loaded, and why the listing stopped early (null when it completed). */
    private record Listing(RunPage page, String error) { }

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

    WorkbenchModels models() {
        return models;
    }

    SourcesPane sourcesPane() {
        return sources;
    }

    /** File &gt; Export: charts, the runs table, the comparison. */
    WorkbenchExports exports() {
        return exports;
    }

    ConnectPane connectPane() {
        return windows.connectPane();
    }

    ExportPane exportPane() {
        return windows.exportPane();
    }

    ReviewPane reviewPane() {
        return windows.reviewPane();
    }

    private void saveLayout() {
        layout.save(stage);
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

    /** File &gt; Open folder… */
    void chooseFolder() {
        SourceChoosers.folder(stage).ifPresent(this::open);
    }

    /** File &gt; Open mlflow.db… */
    void chooseDatabase() {
        SourceChoosers.database(stage).ifPresent(this::open);
    }

    /** File &gt; Reload: reads the source again, its metric histories refetched (the cache is cleared). */
    void reload() {
        if (source != null) {
            cache.clear();
            openSource(source);
        }
    }

    /** File &gt; Quit. */
    void quit() {
        if (stage != null) {
            saveLayout();
            stage.close();
        }
    }

    /** Runs &gt; Filter runs (Ctrl+F). */
    void focusFilter() {
        runs.quickFilter().requestFocus();
    }

    /** Runs &gt; Cancel background tasks (Esc). */
    void cancelAll() {
        tasks.cancelAll();
    }

    private static String css(String name) {
        return Workbench.class.getResource(name).toExternalForm();
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
