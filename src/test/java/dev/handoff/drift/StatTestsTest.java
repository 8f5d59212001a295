package dev.handoff.drift;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The drift statistics on small hand-checked cases (scipy's values where stated), and the profile's fixed bins. */
class StatTestsTest {
    @Test
    void psiOnFixedBinsByHand() {
        double[] r = {0.5, 0.5}, c = {0.25, 0.75};
        double expected = (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.5 - 0.75) * Math.log(0.5 / 0.75);
        assertEquals(expected, StatTests.psi(r, c), 1e-15);
        assertArrayEquals(new double[]{0.0001, 1}, StatTests.fillZeroes(new double[]{0, 1}));
        assertArrayEquals(new double[]{0.00005 / 1e6, 0.00005, 0.99995}, StatTests.fillZeroes(new double[]{0, 0.00005, 0.99995}));
    }

    @Test
    void specialFunctions() {
        assertEquals(0.5, StatTests.normalCdf(0), 1e-15);
        assertEquals(0.9750021048517795, StatTests.normalCdf(1.96), 1e-14);      // scipy.stats.norm.cdf(1.96)
        assertEquals(0.0024787521766663585, StatTests.gammaQ(1, 6), 1e-15); // chi2.sf(12, 2)
        assertEquals(0.2605584559107456, StatTests.gammaQ(2.5, 3.25), 1e-13);    // chi2.sf(6.5, 5)
        assertEquals(0.27, StatTests.kolmogorovSf(1.0), 0.001);                  // kstwobign.sf(1) = 0.26999967
    }

    @Test
    void ksExactMatchesScipy() {
        // scipy.stats.ks_2samp([1,2,3,4,5], [3,4,5,6,7,8]) -> statistic 0.5, pvalue 0.35714285714285715
        StatTests.Ks ks = StatTests.ks(StatTests.Dist.ofRaw(new double[]{1, 2, 3, 4, 5}),
                StatTests.Dist.ofRaw(new double[]{3, 4, 5, 6, 7, 8}));
        assertEquals(0.5, ks.statistic(), 1e-15);
        assertEquals(0.35714285714285715, ks.pValue(), 1e-12);
        assertTrue(ks.exact());
        // equal sizes: ks_2samp([1,2,3,4], [5,6,7,8]) -> statistic 1.0, pvalue 0.02857142857142857
        StatTests.Ks same = StatTests.ks(StatTests.Dist.ofRaw(new double[]{1, 2, 3, 4}), StatTests.Dist.ofRaw(new double[]{5, 6, 7, 8}));
        assertEquals(0.028571428571428577, same.pValue(), 1e-14);
    }

    @Test
    void wassersteinMatchesScipy() {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0; ([0, 1], [0, 2]) = 0.5
        assertEquals(5.0, StatTests.wasserstein(StatTests.Dist.ofRaw(new double[]{0, 1, 3}), StatTests.Dist.ofRaw(new double[]{5, 6, 8})), 1e-15);
        assertEquals(0.5, StatTests.wasserstein(StatTests.Dist.ofRaw(new double[]{0, 1}), StatTests.Dist.ofRaw(new double[]{0, 2})), 1e-15);
    }

    @Test
    void categoricalTests() {
        Map<String, Long> ref = new LinkedHashMap<>(Map.of("A", 60L, "B", 40L));
        Map<String, Long> cur = new LinkedHashMap<>(Map.of("A", 40L, "B", 60L));
        // chisquare([40, 60], [60, 40]) -> statistic 16.666..., p = 4.455709060405612e-05
        assertEquals(4.455709060405612e-05, StatTests.chiSquare(ref, cur, List.of("A", "B")), 1e-12);
        // pooled p = 0.5, z = 0.2 / sqrt(0.25 * 0.02) = 2.8284; 2 * (1 - norm.cdf(2.8284)) = 0.004677734981047177
        assertEquals(0.004677734981047177, StatTests.zTest(ref, cur, "A"), 1e-12);
        assertEquals(1.0, StatTests.zTest(Map.of("A", 3L), Map.of("A", 5L), "A"));
        // jensenshannon([0.6, 0.4], [0.4, 0.6])
        double m = 0.5;
        double jsd = (0.6 * Math.log(0.6 / m) + 0.4 * Math.log(0.4 / m));
        assertEquals(Math.sqrt(jsd), StatTests.jensenShannon(new double[]{0.6, 0.4}, new double[]{0.4, 0.6}), 1e-15);
    }

    @Test
    void profileHistogramEdgesAreFixedDecilesAndTheProfileHoldsNoRows() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        ColumnProfile p = Profiler.defaults().numerical("x", v);
        assertEquals(9, p.histogram().edges().length);
        assertEquals(99.9, p.histogram().edges()[0], 1e-9);     // numpy.quantile(range(1000), 0.1)
        assertEquals(1000, java.util.Arrays.stream(p.histogram().counts()).sum());
        assertEquals(499.5, p.quantiles().get("p50"), 1e-12);
        assertEquals(Math.sqrt((1000.0 * 1000 - 1) / 12), p.std(), 1e-9);
        assertTrue(p.distribution().exact());

        ColumnProfile many = new Profiler(new ReferenceProfile.Settings(List.of(0.5), 10, 100, 11)).numerical("x", v);
        assertFalse(many.distribution().exact(), "more distinct values than the cap: a sketch");
        assertEquals(11, many.distribution().values().length);
    }

    @Test
    void aNumericalColumnWithATextCellNamesFileLineAndColumn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(csv, "a,b\n1,x\n2,3\n");
        DataException e = assertThrows(DataException.class,
                () -> DataTable.read(csv, Map.of("a", ColumnKind.NUMERICAL, "b", ColumnKind.NUMERICAL), Map.of()));
        assertTrue(e.getMessage().contains("bad.csv line 2, column 'b'"), e.getMessage());
        DataTable ok = DataTable.read(csv, Map.of("a", ColumnKind.NUMERICAL), Map.of("b", ColumnKind.CATEGORICAL));
        assertEquals(2, ok.rows());
        assertArrayEquals(new String[]{"x", "3"}, ok.labels("b"));
    }
}
