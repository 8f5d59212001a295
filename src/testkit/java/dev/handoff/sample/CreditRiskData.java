package dev.handoff.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic credit-risk data set with a known ground truth, for the bundled sample project. Nothing here describes
 * real people: every row is drawn from the distributions below with a seeded generator, so the same seed always gives
 * the same rows.
 *
 * <h2>Features</h2>
 * <ul>
 *   <li>{@code age} years, normal(42, 12) clipped to [21, 75], integer</li>
 *   <li>{@code group} protected attribute, "B" with probability 0.4 else "A"; it never enters the label formula,
 *       but group B's income is 10% lower on average (a proxy path, as in real lending data)</li>
 *   <li>{@code income} k$/year, lognormal: exp(normal(ln 55, 0.45)) × 0.9 for group B, one decimal</li>
 *   <li>{@code debt_ratio} normal(0.35, 0.15) clipped to [0.01, 1.2], three decimals</li>
 *   <li>{@code credit_history_years} uniform share of the adult years: (age − 18) × uniform(0.2, 0.9), one decimal</li>
 *   <li>{@code late_payments} Poisson(1.0) (count in the last 24 months)</li>
 *   <li>{@code loan_amount} k$, lognormal exp(normal(ln 15, 0.6)), one decimal</li>
 *   <li>{@code num_accounts} Poisson(4)</li>
 *   <li>{@code noise_1} normal(0, 1), four decimals: pure noise</li>
 * </ul>
 *
 * <h2>Label</h2>
 * {@code default} is "yes" with probability sigmoid(logit), computed from the rounded values written to the CSV:
 * <pre>
 * logit = -2.0
 *       + 1.6  * (debt_ratio - 0.35) / 0.15           strong
 *       + 1.2  * (late_payments - 1.0)                strong
 *       - 1.0  * (ln(income) - ln(55)) / 0.45         strong
 *       + 0.3  * (loan_amount - 15) / 10              weak
 *       - 0.25 * (credit_history_years - 10) / 6      weak
 *       + 0 * age + 0 * num_accounts + 0 * noise_1 + 0 * group
 * </pre>
 * {@code age} has no effect of its own but correlates with {@code credit_history_years}, so a model may borrow it
 * as a proxy; {@code group} reaches the label only through {@code income}.
 */
public final class CreditRiskData {
    /** CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("income", "debt_ratio", "credit_history_years",
            "late_payments", "loan_amount", "age", "num_accounts", "noise_1", "group", "default");
    /** The numeric features a model is trained on ({@code group} and the label excluded). */
    public static final List<String> FEATURES = COLUMNS.subList(0, 8);
    public static final String LABEL = "default";
    public static final String PROTECTED_ATTRIBUTE = "group";
    public static final long DEFAULT_SEED = 20240917L;
    public static final int DEFAULT_ROWS = 3000;
    public static final double TEST_FRACTION = 0.2;

    static final double INTERCEPT = -2.0;

    /** One applicant. Values are already rounded as written to the CSV. */
    public record Row(double income, double debtRatio, double creditHistoryYears, int latePayments,
                      double loanAmount, int age, int numAccounts, double noise1, String group, boolean defaulted) {

        /** The ground-truth probability of default for this row (the documented logistic formula). */
        public double trueProbability() {
            return sigmoid(trueLogit(this));
        }

        String toCsv() {
            return String.format(Locale.ROOT, "%.1f,%.3f,%.1f,%d,%.1f,%d,%d,%.4f,%s,%s", income, debtRatio,
                    creditHistoryYears, latePayments, loanAmount, age, numAccounts, noise1, group,
                    defaulted ? "yes" : "no");
        }
    }

    private CreditRiskData() {
    }

    /** The ground-truth logit of the documented formula, from a row's (rounded) feature values. */
    public static double trueLogit(Row r) {
        return INTERCEPT
                + 1.6 * (r.debtRatio() - 0.35) / 0.15
                + 1.2 * (r.latePayments() - 1.0)
                - 1.0 * (Math.log(r.income()) - Math.log(55)) / 0.45
                + 0.3 * (r.loanAmount() - 15) / 10
                - 0.25 * (r.creditHistoryYears() - 10) / 6;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * The documented shifts of {@code drifted.csv}: {@code debt_ratio} +0.10 on the mean (normal(0.45, 0.15)),
     * {@code loan_amount} × 1.4 (exp(normal(ln 21, 0.6))) and group B drawn with probability 0.65 instead of 0.4. Every
     * other distribution and the label formula are unchanged (income shifts a little through the group mix).
     */
    public record Shift(double debtRatioMean, double loanAmountMedian, double groupBShare) {
        public static final Shift NONE = new Shift(0.35, 15, 0.4);
        public static final Shift DRIFTED = new Shift(0.45, 21, 0.65);
    }

    public static final long DRIFTED_SEED = 20241231L;
    public static final int DRIFTED_ROWS = 600;

    /** Draws {@code n} rows from the seeded generator. */
    public static List<Row> generate(int n, long seed) {
        return generate(n, seed, Shift.NONE);
    }

    /** Draws {@code n} rows with the given shifts. */
    public static List<Row> generate(int n, long seed, Shift shift) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int age = (int) Math.round(clip(42 + 12 * rnd.nextGaussian(), 21, 75));
            String group = rnd.nextDouble() < shift.groupBShare() ? "B" : "A";
            double income = round(Math.exp(Math.log(55) + 0.45 * rnd.nextGaussian()) * ("B".equals(group) ? 0.9 : 1.0), 1);
            double debtRatio = round(clip(shift.debtRatioMean() + 0.15 * rnd.nextGaussian(), 0.01, 1.2), 3);
            double history = round((age - 18) * (0.2 + 0.7 * rnd.nextDouble()), 1);
            int late = poisson(rnd, 1.0);
            double loan = round(Math.exp(Math.log(shift.loanAmountMedian()) + 0.6 * rnd.nextGaussian()), 1);
            int accounts = poisson(rnd, 4.0);
            double noise = round(rnd.nextGaussian(), 4);
            Row features = new Row(income, debtRatio, history, late, loan, age, accounts, noise, group, false);
            boolean defaulted = rnd.nextDouble() < features.trueProbability();
            rows.add(new Row(income, debtRatio, history, late, loan, age, accounts, noise, group, defaulted));
        }
        return rows;
    }

    /**
     * Generates {@code rows} rows and writes {@code train.csv} (the first 80%) and {@code test.csv} (the rest) into
     * {@code dataDir}, atomically.
     */
    public static void writeCsv(Path dataDir, int rows, long seed) throws IOException {
        List<Row> all = generate(rows, seed);
        int testSize = (int) Math.round(rows * TEST_FRACTION);
        Files.createDirectories(dataDir);
        write(dataDir.resolve("train.csv"), all.subList(0, rows - testSize));
        write(dataDir.resolve("test.csv"), all.subList(rows - testSize, rows));
    }

    /** Writes {@code drifted.csv}: {@link #DRIFTED_ROWS} rows with {@link Shift#DRIFTED}, seed {@link #DRIFTED_SEED}. */
    public static void writeDrifted(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        write(dataDir.resolve("drifted.csv"), generate(DRIFTED_ROWS, DRIFTED_SEED, Shift.DRIFTED));
    }

    private static void write(Path file, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder(rows.size() * 64);
        sb.append(String.join(",", COLUMNS)).append('\n');
        for (Row r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int poisson(SplittableRandom rnd, double lambda) {
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Rounds half-up to {@code decimals}, via the decimal string so the CSV text and the value agree exactly. */
    private static double round(double v, int decimals) {
        return Double.parseDouble(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    /** {@code java dev.handoff.sample.CreditRiskData <dataDir> [rows] [seed]} writes train.csv / test.csv and drifted.csv. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: CreditRiskData <dataDir> [rows] [seed]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROWS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        writeCsv(Path.of(args[0]), rows, seed);
        writeDrifted(Path.of(args[0]));
    }
}
