package dev.handoff.drift;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Compares new data with a {@link ReferenceProfile}. For each monitored column it picks the test Evidently 0.7 picks
 * by default ({@code _get_default_stattest}: reference of at most 1,000 rows → KS for numbers with more than 5 distinct
 * values, else chi-squared, or the Z-test when there are at most 2; larger reference → normed Wasserstein for numbers
 * with more than 5 distinct values, else Jensen-Shannon), computes it from the stored reference distribution against
 * the new rows (missing values dropped on both sides, as Evidently does), and adds the PSI on the profile's fixed bins.
 */
public final class DriftAnalyzer {
    private DriftAnalyzer() {
    }

    /** The columns new data must have (the monitored ones, with their kinds). */
    public static Map<String, ColumnKind> requiredColumns(ReferenceProfile profile) {
        Map<String, ColumnKind> out = new LinkedHashMap<>();
        DatasetProfile ref = profile.reference();
        for (String name : profile.plan().monitored()) {
            ref.column(name).ifPresent(c -> out.put(name, c.kind()));
        }
        return out;
    }

    /** Reads {@code csv} against the profile (monitored columns required; label and sensitive column optional). */
    public static DataTable read(ReferenceProfile profile, Path csv) throws IOException {
        Map<String, ColumnKind> optional = new LinkedHashMap<>();
        if (profile.labelColumn() != null) {
            optional.put(profile.labelColumn(), ColumnKind.CATEGORICAL);
        }
        if (profile.sensitiveColumn() != null) {
            optional.put(profile.sensitiveColumn(), ColumnKind.CATEGORICAL);
        }
        Map<String, ColumnKind> required = requiredColumns(profile);
        required.keySet().forEach(optional::remove);
        return DataTable.read(csv, required, optional);
    }

    public static DriftReport compare(ReferenceProfile profile, DataTable current, Scorer scorer, MonitoringPlan plan,
                                      BooleanSupplier cancelled) throws IOException {
        DatasetProfile ref = profile.reference();
        List<DriftReport.ColumnDrift> columns = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : plan.monitored()) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("drift report cancelled");
            }
            ColumnProfile rc = ref.column(name).orElse(null);
            if (rc == null) {
                notes.add("column '" + name + "' is monitored but not in the " + ref.role() + " profile; not compared");
                continue;
            }
            if (rc.count() == 0) {
                notes.add("column '" + name + "' has no values in the " + ref.role() + " profile; not compared");
                continue;
            }
            if (!current.has(name)) {
                throw new DataException(current.file() + ": missing column '" + name + "'");
            }
            DriftReport.ColumnDrift d = rc.numerical() ? numerical(rc, current.numbers(name), plan, current.file())
                    : categorical(rc, current.labels(name), plan, current.file());
            columns.add(d);
        }
        DriftReport.ColumnDrift score = null;
        List<DriftReport.GroupPerformance> performance = List.of();
        if (scorer != null && ref.score() != null) {
            Scorer.Scores scores = scorer.score(current);
            score = numerical(ref.score(), scores.probability(), plan, current.file());
            if (profile.labelColumn() != null && current.has(profile.labelColumn())) {
                String[] groups = profile.sensitiveColumn() != null && current.has(profile.sensitiveColumn())
                        ? current.labels(profile.sensitiveColumn()) : null;
                performance = performance(current.labels(profile.labelColumn()), scores.predicted(), groups,
                        profile.positiveLabel());
            } else {
                notes.add("no label column '" + profile.labelColumn() + "' in the new data: no label-based metrics");
            }
        } else if (scorer == null) {
            notes.add("no model given: the score is not compared");
        }
        List<DriftReport.ColumnDrift> sorted = new ArrayList<>(columns);
        sorted.sort(Comparator.comparingDouble(DriftReport.ColumnDrift::severity).reversed());
        int drifted = (int) columns.stream().filter(DriftReport.ColumnDrift::drifted).count();
        double share = columns.isEmpty() ? 0 : drifted / (double) columns.size();
        boolean datasetDrift = !columns.isEmpty() && share >= plan.driftShare();
        boolean any = drifted > 0 || (score != null && score.drifted());
        Path file = current.file();
        String sha = file != null && java.nio.file.Files.isRegularFile(file) ? Profiler.sha256(file) : null;
        return new DriftReport(DriftReport.FORMAT, file == null ? null : String.valueOf(file.getFileName()), sha,
                current.rows(), ref.role(), ref.file(), ref.rows(), plan, sorted, score, drifted, share, datasetDrift,
                any, performance, notes);
    }

    static DriftReport.ColumnDrift numerical(ColumnProfile rc, double[] raw, MonitoringPlan plan, Path file) {
        StatTests.Dist cur = StatTests.Dist.ofRaw(raw);
        long missing = raw.length - Math.round(cur.total());
        if (cur.total() == 0) {
            throw new DataException(file + ": column '" + rc.name() + "' has no values (all " + raw.length + " missing)");
        }
        StatTests.Dist refDist = StatTests.Dist.of(rc);
        boolean exact = rc.distribution().exact();
        long refUnique = rc.unique();
        int union = exact ? unionCount(rc.distribution().values(), cur.values()) : Integer.MAX_VALUE;
        String test;
        double stat;
        boolean drifted;
        double threshold;
        if (rc.count() <= plan.smallReference()) {
            if (union <= 5) {
                Map<Double, Long> r = counts(refDist), c = counts(cur);
                List<Double> keys = new ArrayList<>(new TreeSet<>(union(r, c)));
                threshold = plan.pValue();
                if (union > 2) {
                    test = "chisquare";
                    stat = StatTests.chiSquare(r, c, keys);
                } else {
                    test = "z";
                    stat = StatTests.zTest(r, c, keys.get(0));
                }
                drifted = stat < threshold;
            } else {
                test = "ks";
                StatTests.Ks ks = StatTests.ks(refDist, cur);
                stat = ks.pValue();
                exact &= ks.exact();
                threshold = plan.pValue();
                drifted = stat < threshold;
            }
        } else {
            threshold = plan.distance();
            if (union <= 5) {
                test = "jensenshannon";
                StatTests.Binned b = evidentlyBins(rc, refDist, cur);
                stat = StatTests.jensenShannon(b.reference(), b.current());
            } else {
                test = "wasserstein";
                stat = StatTests.wassersteinNormed(refDist, rc.std(), cur);
            }
            drifted = stat >= threshold;
        }
        ColumnProfile.Histogram h = rc.histogram();
        long[] cc = new long[h.counts().length];
        for (double x : raw) {
            if (Double.isFinite(x)) {
                cc[h.bin(x)]++;
            }
        }
        double[] rs = shares(h.counts()), cs = shares(cc);
        double psi = StatTests.psi(StatTests.fillZeroes(rs), StatTests.fillZeroes(cs));
        List<String> bins = new ArrayList<>();
        double[] e = h.edges();
        for (int i = 0; i <= e.length; i++) {
            bins.add(i == 0 ? (e.length == 0 ? "all" : "≤ " + fmt(e[0])) : i == e.length ? "> " + fmt(e[i - 1])
                    : "(" + fmt(e[i - 1]) + ", " + fmt(e[i]) + "]");
        }
        return new DriftReport.ColumnDrift(rc.name(), ColumnKind.NUMERICAL, test, testName(test), stat, threshold, drifted,
                exact, psi, DriftReport.psiBand(psi, plan), rc.count(), Math.round(cur.total()), missing, bins, rs, cs);
    }

    /** Evidently's {@code get_binned_data} for a numerical column. */
    public static StatTests.Binned evidentlyBins(ColumnProfile rc, StatTests.Dist refDist, StatTests.Dist cur) {
        if (rc.unique() > 20) {
            return StatTests.sturges(refDist, cur);
        }
        Map<Double, Long> r = counts(refDist), c = counts(cur);
        return StatTests.byKey(r, c, new ArrayList<>(new TreeSet<>(union(r, c))));
    }

    static DriftReport.ColumnDrift categorical(ColumnProfile rc, String[] raw, MonitoringPlan plan, Path file) {
        Map<String, Long> cur = new TreeMap<>();
        long missing = 0;
        for (String s : raw) {
            if (s == null) {
                missing++;
            } else {
                cur.merge(s, 1L, Long::sum);
            }
        }
        if (cur.isEmpty()) {
            throw new DataException(file + ": column '" + rc.name() + "' has no values (all " + raw.length + " missing)");
        }
        Map<String, Long> ref = rc.categories();
        List<String> keys = new ArrayList<>(new TreeSet<>(union(ref, cur)));
        String test;
        double stat, threshold;
        boolean drifted;
        if (rc.count() <= plan.smallReference()) {
            threshold = plan.pValue();
            if (keys.size() > 2) {
                test = "chisquare";
                stat = StatTests.chiSquare(ref, cur, keys);
            } else {
                test = "z";
                stat = StatTests.zTest(ref, cur, keys.get(0));
            }
            drifted = stat < threshold;
        } else {
            threshold = plan.distance();
            test = "jensenshannon";
            StatTests.Binned b = StatTests.byKey(ref, cur, keys);
            stat = StatTests.jensenShannon(b.reference(), b.current());
            drifted = stat >= threshold;
        }
        StatTests.Binned b = StatTests.byKey(ref, cur, keys);
        double psi = StatTests.psi(StatTests.fillZeroes(b.reference()), StatTests.fillZeroes(b.current()));
        return new DriftReport.ColumnDrift(rc.name(), ColumnKind.CATEGORICAL, test, testName(test), stat, threshold,
                drifted, true, psi, DriftReport.psiBand(psi, plan), rc.count(), raw.length - missing, missing, keys,
                b.reference(), b.current());
    }

    static String testName(String test) {
        return switch (test) {
            case "ks" -> "K-S p-value";
            case "chisquare" -> "chi-square p-value";
            case "z" -> "Z-test p-value";
            case "wasserstein" -> "Wasserstein distance (normed)";
            case "jensenshannon" -> "Jensen-Shannon distance";
            default -> test;
        };
    }

    private static List<DriftReport.GroupPerformance> performance(String[] truth, String[] predicted, String[] groups,
                                                                  String positive) {
        Map<String, long[]> acc = new LinkedHashMap<>();
        acc.put("all", new long[6]);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null) {
                continue;
            }
            add(acc.get("all"), truth[i], predicted[i], positive);
            if (groups != null && groups[i] != null) {
                add(acc.computeIfAbsent(groups[i], k -> new long[6]), truth[i], predicted[i], positive);
            }
        }
        List<DriftReport.GroupPerformance> out = new ArrayList<>();
        Map<String, long[]> ordered = new LinkedHashMap<>();
        ordered.put("all", acc.remove("all"));
        ordered.putAll(new TreeMap<>(acc));
        ordered.forEach((g, a) -> {
            // a: rows, correct, predicted positive, tp, actual positive, fp
            long negatives = a[0] - a[4];
            out.add(new DriftReport.GroupPerformance(g, a[0], ratio(a[1], a[0]), ratio(a[2], a[0]), ratio(a[3], a[4]),
                    ratio(a[5], negatives)));
        });
        return out;
    }

    private static void add(long[] a, String truth, String predicted, String positive) {
        a[0]++;
        if (truth.equals(predicted)) {
            a[1]++;
        }
        boolean pp = positive.equals(predicted), ap = positive.equals(truth);
        if (pp) {
            a[2]++;
        }
        if (pp && ap) {
            a[3]++;
        }
        if (ap) {
            a[4]++;
        }
        if (pp && !ap) {
            a[5]++;
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }

    private static double[] shares(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] s = new double[counts.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = total == 0 ? 0 : counts[i] / total;
        }
        return s;
    }

    private static <K> java.util.Set<K> union(Map<K, Long> a, Map<K, Long> b) {
        java.util.Set<K> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static Map<Double, Long> counts(StatTests.Dist d) {
        Map<Double, Long> m = new HashMap<>();
        for (int i = 0; i < d.values().length; i++) {
            m.put(d.values()[i], Math.round(d.weights()[i]));
        }
        return m;
    }

    private static int unionCount(double[] a, double[] b) {
        int i = 0, j = 0, n = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                i++;
            } else if (i >= a.length || b[j] < a[i]) {
                j++;
            } else {
                i++;
                j++;
            }
            n++;
        }
        return n;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
