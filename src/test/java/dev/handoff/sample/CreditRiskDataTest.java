package dev.handoff.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditRiskDataTest {
    private static final List<CreditRiskData.Row> ROWS = CreditRiskData.generate(20_000, 11);

    @Test
    void sameSeedSameRowsOtherSeedOtherRows() {
        assertEquals(CreditRiskData.generate(500, 5), CreditRiskData.generate(500, 5));
        assertNotEquals(CreditRiskData.generate(500, 5), CreditRiskData.generate(500, 6));
    }

    @Test
    void csvFilesAreReproducibleAndSplit80To20(@TempDir Path tmp) throws IOException {
        CreditRiskData.writeCsv(tmp.resolve("a"), 1000, 3);
        CreditRiskData.writeCsv(tmp.resolve("b"), 1000, 3);
        for (String f : List.of("train.csv", "test.csv")) {
            assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("b").resolve(f)), f);
        }
        List<String> train = Files.readAllLines(tmp.resolve("a/train.csv"));
        List<String> test = Files.readAllLines(tmp.resolve("a/test.csv"));
        assertEquals(String.join(",", CreditRiskData.COLUMNS), train.get(0));
        assertEquals(801, train.size());
        assertEquals(201, test.size());
        assertTrue(train.get(1).matches("[0-9.]+,[0-9.]+,[0-9.]+,\\d+,[0-9.]+,\\d+,\\d+,-?[0-9.]+,[AB],(yes|no)"), train.get(1));
    }

    @Test
    void csvValuesReproduceTheGroundTruth(@TempDir Path tmp) throws IOException {
        CreditRiskData.writeCsv(tmp, 200, 9);
        List<CreditRiskData.Row> rows = CreditRiskData.generate(200, 9);
        String[] first = Files.readAllLines(tmp.resolve("train.csv")).get(1).split(",");
        CreditRiskData.Row r = rows.get(0);
        assertEquals(r.income(), Double.parseDouble(first[0]));
        assertEquals(r.debtRatio(), Double.parseDouble(first[1]));
        assertEquals(r.latePayments(), Integer.parseInt(first[3]));
        assertEquals(r.defaulted() ? "yes" : "no", first[9]);
    }

    @Test
    void defaultRateMatchesTheGroundTruthProbabilities() {
        double rate = ROWS.stream().filter(CreditRiskData.Row::defaulted).count() / (double) ROWS.size();
        double expected = ROWS.stream().mapToDouble(CreditRiskData.Row::trueProbability).average().orElseThrow();
        assertTrue(rate > 0.15 && rate < 0.35, "default rate " + rate);
        assertEquals(expected, rate, 0.015);
    }

    @Test
    void drivingFeaturesCorrelateWithTheLabelAndNoiseDoesNot() {
        assertTrue(corr(r -> r.debtRatio()) > 0.25, "debt_ratio");
        assertTrue(corr(r -> r.latePayments()) > 0.25, "late_payments");
        assertTrue(corr(r -> Math.log(r.income())) < -0.15, "income");
        double loan = corr(r -> r.loanAmount());
        assertTrue(loan > 0.02 && loan < corr(r -> r.debtRatio()), "loan_amount is weak: " + loan);
        assertTrue(Math.abs(corr(r -> r.noise1())) < 0.03, "noise_1");
        assertTrue(Math.abs(corr(r -> r.numAccounts())) < 0.03, "num_accounts");
    }

    @Test
    void protectedGroupOnlyShiftsIncome() {
        double incomeA = mean(ROWS.stream().filter(r -> r.group().equals("A")).toList(), r -> r.income());
        double incomeB = mean(ROWS.stream().filter(r -> r.group().equals("B")).toList(), r -> r.income());
        assertEquals(0.9, incomeB / incomeA, 0.04);
        double shareB = ROWS.stream().filter(r -> r.group().equals("B")).count() / (double) ROWS.size();
        assertEquals(0.4, shareB, 0.02);
        // the formula has no group term: two rows differing only in group have the same probability
        CreditRiskData.Row a = ROWS.get(0);
        CreditRiskData.Row b = new CreditRiskData.Row(a.income(), a.debtRatio(), a.creditHistoryYears(),
                a.latePayments(), a.loanAmount(), a.age(), a.numAccounts(), a.noise1(),
                a.group().equals("A") ? "B" : "A", a.defaulted());
        assertEquals(a.trueProbability(), b.trueProbability());
    }

    private static double corr(ToDoubleFunction<CreditRiskData.Row> f) {
        double mx = mean(ROWS, f);
        double my = mean(ROWS, r -> r.defaulted() ? 1 : 0);
        double sxy = 0, sxx = 0, syy = 0;
        for (CreditRiskData.Row r : ROWS) {
            double dx = f.applyAsDouble(r) - mx;
            double dy = (r.defaulted() ? 1 : 0) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(List<CreditRiskData.Row> rows, ToDoubleFunction<CreditRiskData.Row> f) {
        return rows.stream().mapToDouble(f).average().orElseThrow();
    }

    @Test
    void driftedRowsShiftExactlyTheDocumentedDistributions() {
        assertEquals(CreditRiskData.generate(300, 9), CreditRiskData.generate(300, 9, CreditRiskData.Shift.NONE));
        List<CreditRiskData.Row> base = CreditRiskData.generate(20_000, 4);
        List<CreditRiskData.Row> drifted = CreditRiskData.generate(20_000, 4, CreditRiskData.Shift.DRIFTED);
        assertEquals(0.35, mean(base, CreditRiskData.Row::debtRatio), 0.01);
        assertEquals(0.45, mean(drifted, CreditRiskData.Row::debtRatio), 0.01);
        assertEquals(1.4, mean(drifted, CreditRiskData.Row::loanAmount) / mean(base, CreditRiskData.Row::loanAmount), 0.05);
        assertEquals(0.65, mean(drifted, r -> "B".equals(r.group()) ? 1 : 0), 0.01);
        assertEquals(mean(base, CreditRiskData.Row::age), mean(drifted, CreditRiskData.Row::age), 0.3);
        assertEquals(mean(base, CreditRiskData.Row::latePayments), mean(drifted, CreditRiskData.Row::latePayments), 0.03);
    }
}
