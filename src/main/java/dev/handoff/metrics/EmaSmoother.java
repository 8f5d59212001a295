package dev.handoff.metrics;

/**
 * TensorBoard-style debiased exponential moving average: {@code last = last * w + (1 - w) * v}, divided by
 * {@code 1 - w^n} where n counts the finite points seen so far, so early points are not pulled towards zero.
 * Non-finite points (NaN, ±Inf) are passed through unsmoothed and do not enter the average.
 */
public final class EmaSmoother {
    private EmaSmoother() {
    }

    /**
     * @param values the raw series
     * @param weight smoothing weight in [0, 1); 0 returns a copy of {@code values}
     * @return a new array of the same length
     * @throws IllegalArgumentException when {@code weight} is outside [0, 1)
     */
    public static double[] smooth(double[] values, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] out = new double[values.length];
        double last = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            n++;
            out[i] = last / (1 - Math.pow(weight, n));
        }
        return out;
    }
}
