package dev.handoff.ui.chart;

import dev.handoff.metrics.GroupAggregate;
import dev.handoff.metrics.SeriesAlignment;
import org.jfree.chart.renderer.xy.DeviationRenderer;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;

/**
 * Grouped runs on a metric chart: one line per group (its mean or median, {@link GroupAggregate}) with its band, the
 * legend naming the group and its size n. Groups are in the order of their first run in the selection.
 */
final class GroupedSeries {
    /** The group of runs that lack the group-by field. */
    static final String NO_VALUE = "(none)";

    private GroupedSeries() {
    }

    /**
     * Adds each group's line to {@code raw} (and smoothed to {@code smooth} when smoothing is on) and its band to
     * {@code bands} (null: no band); returns the groups' colours.
     */
    static int[] add(List<RunSeries> runs, ChartOptions options, WindowedDataset raw, WindowedDataset smooth,
                     BandDataset bands) {
        Map<String, List<GroupAggregate.Member>> groups = new LinkedHashMap<>();
        for (RunSeries rs : runs) {
            SeriesAlignment.Paired p = MetricChartBuilder.points(rs, options);
            String g = rs.group() == null ? NO_VALUE : rs.group();
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(new GroupAggregate.Member(p.steps(), p.x(), p.y()));
        }
        int[] colors = new int[groups.size()];
        int i = 0;
        String field = fieldName(options.groupBy());
        for (var e : groups.entrySet()) {
            colors[i] = i;
            GroupAggregate.Result r = GroupAggregate.of(e.getValue(), options.aggregate(), options.band());
            String label = label(field, e.getKey(), e.getValue().size(), r);
            // a stable sort by the same x gives the line and both edges the same order
            SeriesAlignment.XY line = SeriesAlignment.sortByX(r.x().clone(), r.line());
            double[] lower = SeriesAlignment.sortByX(r.x().clone(), r.lower()).y();
            double[] upper = SeriesAlignment.sortByX(r.x().clone(), r.upper()).y();
            boolean smoothed = !options.smoothing().none();
            raw.addSeries(label, line.x(), line.y());
            if (smoothed) {
                smooth.addSeries(label, line.x(), options.smoothing().apply(line.x(), line.y()));
                lower = options.smoothing().apply(line.x(), lower);
                upper = options.smoothing().apply(line.x(), upper);
            }
            if (bands != null) {
                bands.addSeries(label, line.x(), lower, upper);
            }
            i++;
        }
        return colors;
    }

    /** e.g. {@code trainer=LinearSGDTrainer (n=3)}; {@code (n=1–3)} when some steps were logged by fewer runs. */
    static String label(String field, String value, int runs, GroupAggregate.Result r) {
        int min = Arrays.stream(r.n()).min().orElse(0);
        int max = r.maxN();
        String n = max == 0 ? "0" : min == max ? Integer.toString(max) : min + "–" + max;
        return field + "=" + value + " (" + (max == runs || max == 0 ? "n=" + n : "n=" + n + " of " + runs) + ")";
    }

    /** {@code params.lr} → {@code lr}. */
    static String fieldName(String groupBy) {
        int dot = groupBy == null ? -1 : groupBy.indexOf('.');
        return dot < 0 ? String.valueOf(groupBy) : groupBy.substring(dot + 1);
    }

    /** Fills each group's band in its colour, translucent, without a line or a legend entry of its own. */
    static DeviationRenderer bandRenderer(int[] colors) {
        DeviationRenderer r = new DeviationRenderer(false, false);
        r.setAlpha(0.22f);
        for (int i = 0; i < colors.length; i++) {
            Color c = Palette.color(colors[i]);
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
        }
        r.setDefaultSeriesVisibleInLegend(false);
        return r;
    }
}
