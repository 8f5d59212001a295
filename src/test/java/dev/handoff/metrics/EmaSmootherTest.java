package dev.handoff.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmaSmootherTest {

    @Test
    void debiasedEmaByHand() {
        double[] s = EmaSmoother.smooth(new double[]{1, 2, 3}, 0.5);
        // last: 0.5, 1.25, 2.125; debias 0.5, 0.75, 0.875
        assertEquals(1.0, s[0], 1e-12);
        assertEquals(1.25 / 0.75, s[1], 1e-12);
        assertEquals(2.125 / 0.875, s[2], 1e-12);
    }

    @Test
    void nonFinitePassThroughWithoutPoisoning() {
        double[] s = EmaSmoother.smooth(new double[]{1, Double.NaN, Double.POSITIVE_INFINITY, 2}, 0.5);
        assertEquals(1.0, s[0], 1e-12);
        assertTrue(Double.isNaN(s[1]));
        assertEquals(Double.POSITIVE_INFINITY, s[2]);
        assertEquals(1.25 / 0.75, s[3], 1e-12); // as if the non-finite points were not there
    }

    @Test
    void zeroWeightIsIdentityAndConstantStaysConstant() {
        double[] v = {3, -1, 7};
        assertArrayEquals(v, EmaSmoother.smooth(v, 0));
        for (double d : EmaSmoother.smooth(new double[]{4, 4, 4, 4}, 0.99)) {
            assertEquals(4, d, 1e-9);
        }
    }

    @Test
    void weightOutsideRangeRejected() {
        assertThrows(IllegalArgumentException.class, () -> EmaSmoother.smooth(new double[]{1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> EmaSmoother.smooth(new double[]{1}, -0.1));
        assertThrows(IllegalArgumentException.class, () -> EmaSmoother.smooth(new double[]{1}, Double.NaN));
    }
}
