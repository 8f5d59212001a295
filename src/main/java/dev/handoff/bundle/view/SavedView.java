package dev.handoff.bundle.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A saved view of a source: which experiments and runs were selected, which metrics were charted and how (the UI's
 * chart options as a whole, opaque here), and the comparison's settings. Shared as a small JSON file in the
 * {@value #FORMAT} format ({@link SavedViewFiles}).
 *
 * @param format        always {@value #FORMAT}
 * @param name          what the user called it
 * @param source        the identity of the source it was saved on ({@link SavedViews#sourceKey}); informative when
 *                      the file is shared and opened on another source
 * @param experimentIds the selected experiments
 * @param runIds        the selected runs, in selection order
 * @param charts        the charted metric keys
 * @param chartOptions  the chart settings (x axis, smoothing, log y, grouping…) as the UI wrote them; null: defaults
 * @param compare       the comparison settings, or null
 * @param savedAt       ISO-8601 instant
 */
@JsonPropertyOrder({"format", "name", "source", "savedAt", "experimentIds", "runIds", "charts", "chartOptions", "compare"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedView(String format, String name, String source, List<String> experimentIds, List<String> runIds,
                        List<String> charts, JsonNode chartOptions, Compare compare, String savedAt) {
    /** The format written and the only one read. */
    public static final String FORMAT = "handoff-view/1";

    public SavedView {
        format = format == null ? FORMAT : format;
        experimentIds = experimentIds == null ? List.of() : List.copyOf(experimentIds);
        runIds = runIds == null ? List.of() : List.copyOf(runIds);
        charts = charts == null ? List.of() : List.copyOf(charts);
    }

    /**
     * The comparison's settings.
     *
     * @param baselineRunId     the run the others' deltas are against, or null for none
     * @param differencesOnly   whether rows equal across all runs are hidden
     * @param importanceMetric  the metric parameter importance explains, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Compare(String baselineRunId, boolean differencesOnly, String importanceMetric) {
    }

    /** The same view under another name. */
    public SavedView named(String newName) {
        return new SavedView(format, newName, source, experimentIds, runIds, charts, chartOptions, compare, savedAt);
    }
}
