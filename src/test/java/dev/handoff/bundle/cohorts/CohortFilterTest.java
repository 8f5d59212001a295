package dev.handoff.bundle.cohorts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CohortFilterTest {
    private static final CohortData DATA = new CohortData(List.of("income", "late payments"),
            new double[][]{{20, 0}, {40, 2}, {25, Double.NaN}, {60, 5}},
            Map.of("group", List.of("A", "B", "B", "O'Neil")),
            List.of("bad", "good", "bad", "good"), List.of("bad", "bad", "good", "good"),
            new double[]{0.9, 0.6, 0.4, 0.1}, "bad");

    private static int[] rows(String filter) {
        return CohortFilter.parse(filter, DATA).rows(DATA);
    }

    @Test
    void comparisonsAndBooleans() {
        assertArrayEquals(new int[]{0, 2}, rows("income < 30"));
        assertArrayEquals(new int[]{2}, rows("income < 30 and group = 'B'"));
        assertArrayEquals(new int[]{0, 1, 2}, rows("income <= 25 OR group == \"B\""));
        assertArrayEquals(new int[]{1, 3}, rows("not (income < 30)"));
        assertArrayEquals(new int[]{1, 3}, rows("`late payments` >= 2"), "missing matches no comparison");
        assertArrayEquals(new int[]{0, 3}, rows("group in ('A', 'O''Neil')"));
        assertArrayEquals(new int[]{1, 3}, rows("income in (40, 60)"));
        assertArrayEquals(new int[]{0, 3}, rows("group != 'B'"));
        assertArrayEquals(new int[]{0, 1, 3}, rows("income < 30 and group = 'A' or income > 30"), "and binds tighter");
    }

    @Test
    void errorsNameTheColumnAtFault() {
        assertMessage("incme < 30", "unknown column 'incme'", "columns: [income, late payments, group]");
        assertMessage("income < 'low'", "column 'income' is numeric");
        assertMessage("group = 3", "column 'group' is categorical");
        assertMessage("group < 'B'", "column 'group' is categorical");
        assertMessage("income 30", "after column 'income'");
        assertMessage("income < 30 and", "expected a column name");
        assertMessage("(income < 30", "expected ')'");
        assertMessage("group = 'B", "unclosed '");
        assertMessage("income < 30 xyz", "unexpected 'xyz'");
        assertMessage(" ", "empty cohort filter");
    }

    private static void assertMessage(String filter, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CohortFilter.parse(filter, DATA));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), filter + " → " + e.getMessage());
        }
    }
}
