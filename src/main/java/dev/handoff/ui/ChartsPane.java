package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.metrics.XMode;
import dev.handoff.runs.Run;
import dev.handoff.ui.chart.ChartOptions;
import dev.handoff.ui.chart.GroupingControl;
import dev.handoff.ui.chart.SmoothingControl;
import dev.handoff.ui.chart.MetricChart;
import dev.handoff.ui.chart.ScatterChartBuilder;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.model.HistoryFetcher;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.CheckComboBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One chart per chosen metric key with every selected run overlaid. Histories are fetched in the background
 * (cached per run and key) and downsampled to each chart's pixel width; stale results are dropped.
 */
final class ChartsPane extends BorderPane {
    static final int CHART_WIDTH = 480;
    static final int CHART_HEIGHT = 320;

    private final CheckComboBox<String> keys = new CheckComboBox<>();
    private final ComboBox<XMode> xMode = new ComboBox<>();
    private final SmoothingControl smoothing = new SmoothingControl();
    private final CheckBox logY = new CheckBox("Log y");
    private final ComboBox<String> xMetric = new ComboBox<>();
    private final GroupingControl grouping = new GroupingControl();
    private final Label summary = new Label("Select runs and metrics");
    private final TilePane grid = new TilePane(8, 8);
    private final Map<String, Card> cards = new LinkedHashMap<>();
    private final PauseTransition debounce = new PauseTransition(Duration.millis(120));
    private final TaskRunner tasks;
    private final Supplier<HistoryCache> cache;
    /** Histories are fetched a few at a time (bounded for the tracking server), shared by every redraw. */
    private final HistoryFetcher fetcher = new HistoryFetcher(HistoryFetcher.DEFAULT_THREADS);
    private List<Run> runs = List.of();
    private boolean dark;
    private final LatestTask charting;
    private ChartExporter exporter = (key, chart, format) -> { };
    private String activeKey;

    /** What a card's Export menu asks for: write {@code chart} (metric {@code key}) as {@code format}. */
    @FunctionalInterface
    interface ChartExporter {
        void export(String key, JFreeChart chart, ChartFormat format);
    }

    /** The formats a chart card exports to. */
    enum ChartFormat {
        PNG("png", "PNG image"), SVG("svg", "SVG vector image");

        final String extension;
        final String description;

        ChartFormat(String extension, String description) {
            this.extension = extension;
            this.description = description;
        }
    }

    /** A chart viewer with its "n of N pts" label, reset button and Export menu (PNG / SVG). */
    static final class Card extends VBox {
        final String key;
        final ChartViewer viewer = new ChartViewer(ScatterChartBuilder.empty(""));
        final Label points = new Label();
        final Button reset = new Button("Reset zoom");
        final MenuButton export = new MenuButton("Export");
        MetricChart current;

        Card(String key, ChartExporter exporter) {
            super(2);
            this.key = key;
            getStyleClass().add("chart-card");
            viewer.setPrefSize(CHART_WIDTH, CHART_HEIGHT);
            viewer.setMinSize(200, 150);
            reset.setId("reset-" + key);
            reset.setOnAction(e -> resetZoom());
            export.setId("export-" + key);
            for (ChartFormat f : ChartFormat.values()) {
                MenuItem item = new MenuItem(f.name() + "…");
                item.setId("export-" + key + "-" + f.extension);
                item.setOnAction(e -> {
                    if (current != null) {
                        exporter.export(key, current.chart(), f);
                    }
                });
                export.getItems().add(item);
            }
            // nothing to reset or export until the chart is drawn
            reset.setDisable(true);
            export.setDisable(true);
            points.getStyleClass().add("points-label");
            points.setId("points-" + key);
            // the card's tools sit above the chart, so they are on screen whenever the chart's top is
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox head = new HBox(8, points, gap, reset, export);
            head.setAlignment(Pos.CENTER_LEFT);
            getChildren().addAll(head, viewer);
        }

        void resetZoom() {
            if (current != null) {
                current.chart().getXYPlot().getDomainAxis().setAutoRange(true);
                current.chart().getXYPlot().getRangeAxis().setAutoRange(true);
            }
        }

        void set(MetricChart chart) {
            current = chart;
            viewer.setChart(chart.chart());
            points.setText(chart.pointsLabel());
            reset.setDisable(false);
            export.setDisable(false);
        }

        void clear(String message) {
            viewer.setChart(ScatterChartBuilder.empty(message));
            current = null;
            points.setText("");
            reset.setDisable(true);
            export.setDisable(true);
        }
    }

    ChartsPane(TaskRunner tasks, Supplier<HistoryCache> cache) {
        this.tasks = tasks;
        this.charting = new LatestTask(tasks);
        this.cache = cache;
        keys.setId("metricKeys");
        keys.setTitle("Metrics");
        keys.setPrefWidth(170);
        xMode.setId("xMode");
        xMode.getItems().setAll(XMode.values());
        xMode.setValue(XMode.STEP);
        logY.setId("logY");
        summary.setId("chartSummary");
        xMetric.setId("xMetric");
        xMetric.setPromptText("x metric");
        xMetric.setPrefWidth(130);
        xMetric.visibleProperty().bind(xMode.valueProperty().isEqualTo(XMode.METRIC));
        xMetric.managedProperty().bind(xMetric.visibleProperty());
        FlowPane bar = new FlowPane(8, 4, keys, new Label("x:"), xMode, xMetric, smoothing, grouping,
                logY, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        bar.getChildren().forEach(n -> {
            if (n instanceof javafx.scene.control.Labeled l) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        });
        setTop(bar);
        grid.setId("chartGrid");
        grid.setPadding(new Insets(4));
        grid.setPrefColumns(2);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        // two charts side by side when there is room, each as wide as half the viewport
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            double w = b.getWidth() - 3 * grid.getHgap() - 12;
            double cardWidth = w / 2 >= 340 ? w / 2 : Math.max(340, w);
            grid.setPrefTileWidth(cardWidth);
            cards.values().forEach(c -> c.viewer.setPrefWidth(cardWidth - 10));
        });
        setCenter(scroll);
        debounce.setOnFinished(e -> redraw());
        keys.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> refresh());
        xMode.valueProperty().addListener((o, a, b) -> refresh());
        smoothing.valueProperty().addListener((o, a, b) -> refresh());
        logY.selectedProperty().addListener((o, a, b) -> refresh());
        xMetric.valueProperty().addListener((o, a, b) -> refresh());
        grouping.onChange(this::refresh);
    }

    /** The options the bar sets now, at the default chart width (the base of every chart's; saved views keep them). */
    ChartOptions options() {
        return new ChartOptions(xMode.getValue(), smoothing.value(), logY.isSelected(), CHART_WIDTH, dark,
                xMetric.getValue(), grouping.field(), grouping.aggregate(), grouping.band());
    }

    GroupingControl grouping() {
        return grouping;
    }

    ComboBox<String> xMetric() {
        return xMetric;
    }

    /** Offers the metric keys of the loaded runs; keeps checked keys that still exist, else checks loss/auc-like ones. */
    void setKeys(List<String> available) {
        String x = xMetric.getValue();
        xMetric.getItems().setAll(available);
        xMetric.setValue(x != null && available.contains(x) ? x : null);
        List<String> before = new ArrayList<>(keys.getCheckModel().getCheckedItems());
        keys.getCheckModel().clearChecks();
        keys.getItems().setAll(available);
        List<String> check = before.stream().filter(available::contains).toList();
        if (check.isEmpty()) {
            // curves people compare first: validation loss / AUC, then any loss / AUC; single-value summaries last
            check = available.stream().filter(k -> k.contains("loss") || k.contains("auc"))
                    .sorted(java.util.Comparator.comparingInt((String k) -> k.startsWith("val") ? 0 : 1)
                            .thenComparingInt(k -> k.startsWith("best") || k.startsWith("test") ? 1 : 0))
                    .limit(2).toList();
        }
        if (check.isEmpty()) {
            check = available.stream().limit(2).toList();
        }
        check.forEach(k -> keys.getCheckModel().check(k));
    }

    void setRuns(List<Run> selected) {
        runs = List.copyOf(selected);
        java.util.Set<String> params = new java.util.TreeSet<>();
        java.util.Set<String> tags = new java.util.TreeSet<>();
        runs.forEach(r -> {
            params.addAll(r.params().keySet());
            tags.addAll(r.tags().keySet());
        });
        grouping.setFields(List.copyOf(params), List.copyOf(tags));
        refresh();
    }

    void setDark(boolean on) {
        dark = on;
        refresh();
    }

    void checkKey(String key) {
        keys.getCheckModel().check(key);
    }

    Slider smoothing() {
        return smoothing.slider();
    }

    SmoothingControl smoothingControl() {
        return smoothing;
    }

    CheckBox logY() {
        return logY;
    }

    ComboBox<XMode> xMode() {
        return xMode;
    }

    /** The metric chooser: what is checked is what is charted. */
    CheckComboBox<String> metricKeys() {
        return keys;
    }

    /** The charts currently shown, in grid order. */
    List<JFreeChart> charts() {
        List<JFreeChart> out = new ArrayList<>();
        for (Card c : cards.values()) {
            if (c.current != null) {
                out.add(c.current.chart());
            }
        }
        return out;
    }

    Map<String, Card> cards() {
        return cards;
    }

    /** Who writes a chart when a card's Export menu is used. */
    void setExporter(ChartExporter exporter) {
        this.exporter = exporter;
    }

    private void activate(String key) {
        activeKey = key;
        cards.forEach((k, c) -> {
            c.getStyleClass().remove("active-chart");
            if (k.equals(key)) {
                c.getStyleClass().add("active-chart");
            }
        });
    }

    /** The key of the chart last clicked or focused, if it is still shown with a chart; else null. */
    String activeKey() {
        Card c = activeKey == null ? null : cards.get(activeKey);
        return c != null && c.current != null ? activeKey : null;
    }

    /** The keys of the charts currently drawn, in grid order. */
    List<String> chartKeys() {
        List<String> out = new ArrayList<>();
        cards.forEach((k, c) -> {
            if (c.current != null) {
                out.add(k);
            }
        });
        return out;
    }

    /** The chart drawn for {@code key}, or null. */
    JFreeChart chart(String key) {
        Card c = cards.get(key);
        return c == null || c.current == null ? null : c.current.chart();
    }

    /** Coalesces bursts of changes (slider drags) into one redraw. */
    void refresh() {
        debounce.playFromStart();
    }

    private void redraw() {
        List<String> chosen = List.copyOf(keys.getCheckModel().getCheckedItems());
        cards.keySet().retainAll(chosen);
        for (String k : chosen) {
            cards.computeIfAbsent(k, key -> {
                Card card = new Card(key, (ck, chart, format) -> exporter.export(ck, chart, format));
                // the card last clicked (or focused) is the one File > Export chart (Ctrl+E) writes
                card.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> activate(key));
                card.focusWithinProperty().addListener((o, was, is) -> {
                    if (is) {
                        activate(key);
                    }
                });
                if (grid.getPrefTileWidth() > 0) {
                    card.viewer.setPrefWidth(grid.getPrefTileWidth() - 10);
                }
                return card;
            });
        }
        grid.getChildren().setAll(cards.values());
        HistoryCache histories = cache.get();
        if (runs.isEmpty() || chosen.isEmpty() || histories == null) {
            summary.setText(runs.isEmpty() ? "Select runs to chart" : "Choose metrics");
            cards.values().forEach(c -> c.clear(runs.isEmpty() ? "Select runs" : ""));
            return;
        }
        List<Run> chartRuns = runs;
        ChartOptions base = options();
        Map<String, Integer> widths = new LinkedHashMap<>();
        cards.forEach((k, c) -> widths.put(k, (int) Math.max(Math.max(c.viewer.getWidth(), c.viewer.getPrefWidth()), 200)));
        if (base.xMode() == XMode.METRIC && base.xMetric() == null) {
            summary.setText("Choose the x-axis metric");
            return;
        }
        // latest only: a superseded redraw is cancelled (its fetches would only keep the pool busy), its late
        // result or failure dropped
        charting.submit("Charting " + chosen.size() + " metric(s) of " + chartRuns.size() + " run(s)",
                p -> ChartJob.build(chosen, chartRuns, base, widths, fetcher, histories, p), built -> {
            int shown = 0;
            int total = 0;
            for (var e : built.entrySet()) {
                Card card = cards.get(e.getKey());
                if (card != null) {
                    card.set(e.getValue());
                    shown += e.getValue().shownPoints();
                    total += e.getValue().totalPoints();
                }
            }
            long groups = base.grouped() ? chartRuns.stream().map(r -> String.valueOf(
                    GroupingControl.valueOf(r, base.groupBy()))).distinct().count() : 0;
            summary.setText(String.format("%d run(s)%s, %,d of %,d pts", chartRuns.size(),
                    base.grouped() ? " in " + groups + " group(s)" : "", shown, total));
        }, e -> summary.setText("Charting failed: " + e.getMessage()));
    }
}
