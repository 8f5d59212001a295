package dev.handoff.runs.query;

import dev.handoff.runs.Run;
import dev.handoff.runs.SourceException;

/** Where a summary filter gets a run's full-history summary of a metric ({@link SummaryCache} reads and caches it). */
@FunctionalInterface
public interface SummaryLookup {
    /** The summary, NaN when the run lacks the metric or the summary is undefined. */
    double value(Run run, String metricKey, MetricStat stat) throws SourceException;
}
