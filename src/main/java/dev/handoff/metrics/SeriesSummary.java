package dev.handoff.metrics;

import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;

/**
 * Summary statistics of one metric history. min, max, mean and best ignore non-finite values and are NaN when no
 * finite value exists.
 *
 * @param last     MLflow's latest value (max by step, timestamp, value), NaN for an empty series
 * @param best     min for {@link Goal#MINIMIZE}, max for {@link Goal#MAXIMIZE}, NaN for {@link Goal#UNKNOWN}
 * @param bestStep step of the best value, or -1
 * @param count    all points, including NaN
 * @param nanCount points whose value is NaN
 */
public record SeriesSummary(String key, Goal goal, double min, double max, double last, double best, long bestStep,
                            double mean, int count, int nanCount) {

    public static SeriesSummary of(MetricSeries series) {
        Goal goal = Goal.forKey(series.key());
        double[] v = series.values();
        double min = Double.NaN;
        double max = Double.NaN;
        int minAt = -1;
        int maxAt = -1;
        double sum = 0;
        int finite = 0;
        int nans = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                nans++;
            }
            if (!Double.isFinite(v[i])) {
                continue;
            }
            if (finite == 0 || v[i] < min) {
                min = v[i];
                minAt = i;
            }
            if (finite == 0 || v[i] > max) {
                max = v[i];
                maxAt = i;
            }
            sum += v[i];
            finite++;
        }
        Metric latest = series.latest();
        double last = latest == null ? Double.NaN : latest.value();
        int bestAt = switch (goal) {
            case MINIMIZE -> minAt;
            case MAXIMIZE -> maxAt;
            case UNKNOWN -> -1;
        };
        double best = bestAt < 0 ? Double.NaN : v[bestAt];
        long bestStep = bestAt < 0 ? -1 : series.steps()[bestAt];
        double mean = finite == 0 ? Double.NaN : sum / finite;
        return new SeriesSummary(series.key(), goal, min, max, last, best, bestStep, mean, v.length, nans);
    }
}
