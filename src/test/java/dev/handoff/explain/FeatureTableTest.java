package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureTableTest {

    @TempDir
    Path dir;

    @Test
    void readsCsvWithLabelQuotesAndMissingValues() throws IOException {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "\uFEFFa,\"label, quoted\",b\n1.5,\"yes, \"\"really\"\"\",2\n,no,NaN\n\n-3e2,yes,4\n");
        FeatureTable t = FeatureTable.fromCsv(csv, "label, quoted");
        assertEquals(List.of("a", "b"), t.featureNames());
        assertEquals(List.of("yes, \"really\"", "no", "yes"), t.labels());
        assertArrayEquals(new double[] {1.5, 2}, t.row(0));
        assertTrue(Double.isNaN(t.row(1)[0]) && Double.isNaN(t.row(1)[1]));
        assertArrayEquals(new double[] {-300, 4}, t.row(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureTable.fromCsv(csv, null));
        assertTrue(e.getMessage().contains("line 2, column 'label, quoted': not a number"), e.getMessage());
    }

    @Test
    void csvErrorsNameFileLineAndColumn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,y\n1,2,x\n3,oops,y\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureTable.fromCsv(csv, "y"));
        assertTrue(e.getMessage().contains("bad.csv line 3, column 'b'"), e.getMessage());
        Files.writeString(csv, "a,b\n1\n");
        e = assertThrows(IllegalArgumentException.class, () -> FeatureTable.fromCsv(csv, null));
        assertTrue(e.getMessage().contains("line 2: 1 cells, header has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureTable.fromCsv(csv, "label"));
        assertTrue(e.getMessage().contains("no label column 'label'"), e.getMessage());
    }

    @Test
    void alignToReordersAndNamesMissingAndExtraColumns() {
        FeatureTable t = FeatureTable.of(List.of("b", "a", "id"), new double[][] {{2, 1, 9}});
        FeatureTable aligned = t.withoutColumns("id").alignTo(List.of("a", "b"));
        assertArrayEquals(new double[] {1, 2}, aligned.row(0));
        assertSame(aligned, aligned.alignTo(List.of("a", "b")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.alignTo(List.of("a", "b", "c")));
        assertEquals("Dataset columns do not match the model's features: missing [c]; extra [id]"
                + " (drop them with withoutColumns)", e.getMessage());
    }

    @Test
    void fromDatasetMarksAbsentFeaturesMissing() {
        MutableDataset<Label> ds = Synthetic.dataset(1, 50, 3, 2, 0.3);
        FeatureTable t = FeatureTable.fromDataset(ds);
        assertEquals(List.of("x0", "x1", "x2"), t.featureNames());
        assertEquals(50, t.numRows());
        int missing = 0;
        for (int r = 0; r < t.numRows(); r++) {
            for (double v : t.row(r)) {
                missing += Double.isNaN(v) ? 1 : 0;
            }
        }
        assertTrue(missing > 20 && missing < 70, "about 30% of 150 cells: " + missing);
        assertEquals(ds.getExample(0).getOutput().getLabel(), t.labels().get(0));
    }

    @Test
    void tablesAndAttributionsAreImmutable() {
        double[][] rows = {{1, 2}};
        FeatureTable t = FeatureTable.of(List.of("a", "b"), rows);
        rows[0][0] = 99;
        t.rows()[0][1] = 99;
        assertArrayEquals(new double[] {1, 2}, t.row(0));
        double[] values = {0.5, -0.25};
        Attribution a = new Attribution(List.of("a", "b"), new double[] {1, 2}, values, 1.0, 1.25, "c",
                "probability", ExplanationMethod.KERNEL_SHAP, Map.of());
        values[0] = 5;
        a.values()[1] = 5;
        assertEquals(0.5, a.value(0));
        assertEquals(-0.25, a.value(1));
        assertEquals(0.0, a.additivityResidual(), 1e-15);
        assertArrayEquals(new int[] {0, 1}, a.rankByMagnitude());
        Attribution lime = new Attribution(List.of("a", "b"), new double[] {1, 2}, new double[] {0.5, -0.25}, 1.0,
                1.25, "c", "probability", ExplanationMethod.LIME, Map.of());
        assertTrue(Double.isNaN(lime.additivityResidual()));
        assertNotEquals(a, lime);
        assertThrows(IllegalArgumentException.class, () -> new Attribution(List.of("a"), new double[] {1, 2},
                new double[] {1}, 0, 0, "c", "p", ExplanationMethod.TREE_SHAP, Map.of()));
    }

    @Test
    void kMeansBackgroundIsSeededWeightedAndSmaller() {
        FeatureTable t = FeatureTable.fromDataset(Synthetic.dataset(2, 200, 3, 2, 0.1));
        Background a = Background.kMeans(t, 10, 5);
        Background b = Background.kMeans(t, 10, 5);
        assertEquals(a, b);
        assertTrue(a.size() <= 10 && a.size() >= 2);
        double sum = 0;
        for (double w : a.weights()) {
            sum += w;
        }
        assertEquals(1.0, sum, 1e-12);
        // Weighted centroid means reproduce the column means (ignoring missing values) of the data.
        double[] mean = a.mean(0.0);
        double col0 = 0;
        int n = 0;
        for (int r = 0; r < t.numRows(); r++) {
            if (!Double.isNaN(t.row(r)[0])) {
                col0 += t.row(r)[0];
                n++;
            }
        }
        assertEquals(col0 / n, mean[0], 0.05);
        assertEquals(5, Background.sample(t, 5, 1).size());
        assertEquals(200, Background.sample(t, 500, 1).size());
    }
}
