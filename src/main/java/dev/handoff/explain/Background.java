package dev.handoff.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weighted reference rows that stand for "feature unknown" in interventional explanations (KernelSHAP, linear SHAP):
 * a missing feature takes the background's values, and outputs are averaged with the weights.
 *
 * @param featureNames column names
 * @param rows         background rows
 * @param weights      one non-negative weight per row, summing to 1
 * @param description  how the background was built, for the explanation's parameters
 */
public record Background(List<String> featureNames, double[][] rows, double[] weights, String description) {

    public Background {
        featureNames = List.copyOf(featureNames);
        if (rows.length == 0) {
            throw new IllegalArgumentException("The background needs at least one row");
        }
        if (weights.length != rows.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + rows.length + " background rows");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("Background weights must be non-negative, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("Background weights sum to zero");
        }
        double[][] copy = new double[rows.length][];
        double[] normalized = new double[weights.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != featureNames.size()) {
                throw new IllegalArgumentException("Background row " + r + " has " + rows[r].length
                        + " values, expected " + featureNames.size());
            }
            copy[r] = rows[r].clone();
            normalized[r] = weights[r] / sum;
        }
        rows = copy;
        weights = normalized;
    }

    /** Every row of the table, equally weighted. */
    public static Background all(FeatureTable table) {
        double[] w = new double[table.numRows()];
        Arrays.fill(w, 1.0);
        return new Background(table.featureNames(), table.rowsView(), w, "all " + table.numRows() + " rows");
    }

    /** A seeded uniform sample of {@code n} rows without replacement (all rows if the table is smaller). */
    public static Background sample(FeatureTable table, int n, long seed) {
        if (table.numRows() <= n) {
            return all(table);
        }
        int[] idx = new int[table.numRows()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = table.rowsView()[idx[i]];
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return new Background(table.featureNames(), rows, w, "sample of " + n + " rows (seed " + seed + ")");
    }

    /**
     * {@code k} weighted centroids from seeded k-means (k-means++ initialisation, Lloyd iterations); each centroid is
     * weighted by its cluster's size. Missing values are skipped in distances and means.
     */
    public static Background kMeans(FeatureTable table, int k, long seed) {
        double[][] data = table.rowsView();
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (data.length <= k) {
            return all(table);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<double[]> centers = new ArrayList<>();
        centers.add(data[rnd.nextInt(data.length)].clone());
        double[] dist = new double[data.length];
        while (centers.size() < k) {
            double total = 0;
            for (int r = 0; r < data.length; r++) {
                dist[r] = nearest(data[r], centers)[1];
                total += dist[r];
            }
            int pick;
            if (total == 0) {
                pick = rnd.nextInt(data.length);
            } else {
                double u = rnd.nextDouble() * total;
                pick = 0;
                while (pick < data.length - 1 && (u -= dist[pick]) > 0) {
                    pick++;
                }
            }
            centers.add(data[pick].clone());
        }
        int[] assignment = new int[data.length];
        Arrays.fill(assignment, -1);
        for (int iter = 0; iter < 100; iter++) {
            boolean changed = false;
            for (int r = 0; r < data.length; r++) {
                int c = (int) nearest(data[r], centers)[0];
                if (c != assignment[r]) {
                    assignment[r] = c;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            int m = table.numFeatures();
            for (int c = 0; c < k; c++) {
                double[] sum = new double[m];
                int[] count = new int[m];
                for (int r = 0; r < data.length; r++) {
                    if (assignment[r] == c) {
                        for (int f = 0; f < m; f++) {
                            if (!Double.isNaN(data[r][f])) {
                                sum[f] += data[r][f];
                                count[f]++;
                            }
                        }
                    }
                }
                double[] center = centers.get(c);
                for (int f = 0; f < m; f++) {
                    center[f] = count[f] == 0 ? center[f] : sum[f] / count[f];
                }
            }
        }
        double[] weights = new double[k];
        for (int a : assignment) {
            weights[a]++;
        }
        List<double[]> keptRows = new ArrayList<>();
        List<Double> keptWeights = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (weights[c] > 0) {
                keptRows.add(centers.get(c));
                keptWeights.add(weights[c]);
            }
        }
        return new Background(table.featureNames(), keptRows.toArray(double[][]::new),
                keptWeights.stream().mapToDouble(Double::doubleValue).toArray(),
                "k-means with k=" + k + " (seed " + seed + ") over " + data.length + " rows");
    }

    /** {index of nearest center, squared distance}. */
    private static double[] nearest(double[] row, List<double[]> centers) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centers.size(); c++) {
            double d = 0;
            double[] center = centers.get(c);
            for (int f = 0; f < row.length; f++) {
                if (!Double.isNaN(row[f]) && !Double.isNaN(center[f])) {
                    double diff = row[f] - center[f];
                    d += diff * diff;
                }
            }
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return new double[] {best, bestDist};
    }

    public int size() {
        return rows.length;
    }

    /** Weighted column means; missing values are read as {@code missingAs} (0 for Tribuo linear models). */
    public double[] mean(double missingAs) {
        double[] mean = new double[featureNames.size()];
        for (int r = 0; r < rows.length; r++) {
            for (int f = 0; f < mean.length; f++) {
                double v = Double.isNaN(rows[r][f]) ? missingAs : rows[r][f];
                mean[f] += weights[r] * v;
            }
        }
        return mean;
    }

    /** This background with its columns reordered to {@code features}; see {@link FeatureTable#alignTo}. */
    public Background alignTo(List<String> features) {
        if (features.equals(featureNames)) {
            return this;
        }
        FeatureTable aligned = FeatureTable.of(featureNames, rows).alignTo(features);
        return new Background(features, aligned.rowsView(), weights, description);
    }

    @Override
    public double[][] rows() {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        return copy;
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Direct access for explainers in this package; must not be modified. */
    double[][] rowsView() {
        return rows;
    }

    double weight(int r) {
        return weights[r];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Background b && featureNames.equals(b.featureNames) && Arrays.deepEquals(rows, b.rows)
                && Arrays.equals(weights, b.weights) && description.equals(b.description);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows) * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "Background[" + rows.length + " rows, " + description + "]";
    }
}
