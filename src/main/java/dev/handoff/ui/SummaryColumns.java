package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.runs.query.MetricStat;
import dev.handoff.ui.model.HistoryCache;
import dev.handoff.ui.model.RunColumn;
import dev.handoff.ui.model.SummaryValues;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runs table's summary columns, like W&amp;B's run summary: the user picks a metric and a summary of its full
 * history ({@code val_auc.max}, {@code val_loss.step_of_best}, {@code val_auc.at_step_10}). Values are computed off
 * the FX thread (latest only, with progress and cancel) from the histories, once per (source, run, metric, summary);
 * a cell stays blank until its value is in.
 */
final class SummaryColumns {
    /** The summaries offered per metric in the menu; others (at_step_N) are typed as {@code key.summary}. */
    static final List<String> OFFERED = List.of("min", "max", "last", "best", "step_of_best", "first", "mean",
            "step_of_min", "step_of_max", "count");

    private final MenuButton menu = new MenuButton("Summaries");
    private final Set<String> chosen = new LinkedHashSet<>();
    private final Supplier<HistoryCache> cache;
    private final LatestTask computing;
    private final Runnable columnsChanged;
    private final Runnable computed;
    private final Consumer<String> error;
    private SummaryValues values;
    private List<Run> runs = List.of();

    /** A chosen summary column: metric key and summary. */
    record Spec(String key, MetricStat stat) {
        String id() {
            return key + "." + stat.label();
        }

        /** Parses {@code val_auc.max}: the text after the last dot is the summary. */
        static Spec parse(String text) {
            String t = text.trim();
            int dot = t.lastIndexOf('.');
            if (dot <= 0 || dot == t.length() - 1) {
                throw new IllegalArgumentException("summary column '" + t + "': expected <metric>.<summary>, "
                        + "e.g. val_auc.max or val_loss.at_step_10");
            }
            try {
                return new Spec(t.substring(0, dot), MetricStat.parse(t.substring(dot + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("summary column '" + t + "': " + e.getMessage(), e);
            }
        }
    }

    SummaryColumns(TaskRunner tasks, Supplier<HistoryCache> cache, Runnable columnsChanged, Runnable computed,
                   Consumer<String> error) {
        this.cache = cache;
        this.computing = tasks == null ? null : new LatestTask(tasks);
        this.columnsChanged = columnsChanged;
        this.computed = computed;
        this.error = error;
        menu.setId("summariesMenu");
    }

    MenuButton menu() {
        return menu;
    }

    /** The chosen columns' ids, e.g. {@code [val_auc.max]}. */
    List<String> chosen() {
        return List.copyOf(chosen);
    }

    /** Adds (or removes) the summary column {@code spec} ({@code val_auc.max}). */
    void choose(String spec, boolean on) {
        String id = Spec.parse(spec).id();
        boolean changed = on ? chosen.add(id) : chosen.remove(id);
        if (changed) {
            columnsChanged.run();
            compute();
        }
    }

    /** Offers the metrics of the loaded runs and computes the chosen summaries for them. */
    void setRuns(List<Run> loaded, List<String> metricKeys) {
        runs = List.copyOf(loaded);
        menu.getItems().clear();
        for (String k : metricKeys) {
            Menu sub = new Menu(k);
            for (String stat : OFFERED) {
                String id = k + "." + stat;
                CheckMenuItem item = new CheckMenuItem(stat);
                item.setId("summary-" + id);
                item.setSelected(chosen.contains(id));
                item.selectedProperty().addListener((o, a, b) -> choose(id, b));
                sub.getItems().add(item);
            }
            menu.getItems().add(sub);
        }
        menu.getItems().add(new SeparatorMenuItem());
        TextField typed = new TextField();
        typed.setId("summarySpec");
        typed.setPromptText("metric.summary, e.g. val_auc.at_step_10 ⏎");
        typed.setOnAction(e -> {
            try {
                choose(typed.getText(), true);
                typed.clear();
                error.accept(null);
            } catch (IllegalArgumentException ex) {
                error.accept(ex.getMessage());
            }
        });
        CustomMenuItem custom = new CustomMenuItem(typed, false);
        menu.getItems().add(custom);
        compute();
    }

    /** The table columns of the chosen summaries. */
    List<RunColumn> columns() {
        List<RunColumn> out = new ArrayList<>();
        for (String id : chosen) {
            Spec spec = Spec.parse(id);
            out.add(new RunColumn("summary." + id, id, r -> {
                SummaryValues v = values;
                Double d = v == null ? null : v.peek(r, spec.key(), spec.stat());
                return d == null || d.isNaN() ? null : d;
            }));
        }
        return out;
    }

    /** The values of the current source (for tests). */
    SummaryValues values() {
        return values;
    }

    private void compute() {
        HistoryCache histories = cache.get();
        if (histories == null || computing == null || chosen.isEmpty() || runs.isEmpty()) {
            return;
        }
        if (values == null || values.histories() != histories) {
            values = new SummaryValues(histories); // a new source: its own summaries
        }
        SummaryValues v = values;
        List<Run> those = runs;
        List<Spec> specs = chosen.stream().map(Spec::parse).toList();
        computing.submit("Summarising " + specs.size() + " metric summar(ies) of " + those.size() + " run(s)", p -> {
            List<Object[]> todo = new ArrayList<>();
            for (Spec s : specs) {
                for (Run r : those) {
                    if (v.missing(r, s.key(), s.stat())) {
                        todo.add(new Object[]{r, s});
                    }
                }
            }
            for (int i = 0; i < todo.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("cancelled");
                }
                Spec s = (Spec) todo.get(i)[1];
                v.compute((Run) todo.get(i)[0], s.key(), s.stat());
                p.progress(i + 1, todo.size());
            }
            return todo.size();
        }, n -> computed.run(), e -> error.accept("Summaries failed: " + e.getMessage()));
    }
}
