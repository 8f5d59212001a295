package dev.handoff.metrics;

import dev.handoff.metrics.GroupAggregate.Member;
import dev.handoff.metrics.GroupAggregate.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group aggregation checked against values computed by hand from numpy's definitions. */
class GroupAggregateTest {
    private static final double EPS = 1e-12;

    // step 0: {1, 3, 5}; step 1: {2, 6} (b logged step 1 twice: 5 then 6, the last counts); step 2: {3} (c's NaN left out)
    private static final Member A = Member.ofSteps(new long[]{0, 1, 2}, new double[]{1, 2, 3});
    private static final Member B = Member.ofSteps(new long[]{0, 1, 1}, new double[]{3, 5, 6});
    private static final Member C = Member.ofSteps(new long[]{0, 2}, new double[]{5, Double.NaN});

    @Test
    void meanWithSampleStdAlignsByStepAndCountsTheRunsThatLoggedIt() {
        Result r = GroupAggregate.of(List.of(A, B, C), Aggregate.MEAN, Band.STD);
        assertArrayEquals(new long[]{0, 1, 2}, r.steps());
        assertArrayEquals(new int[]{3, 2, 1}, r.n());
        assertArrayEquals(new double[]{3, 4, 3}, r.line(), EPS);
        // std(ddof=1) of {1,3,5} = sqrt((4+0+4)/2) = 2; of {2,6} = sqrt((4+4)/1) = 2√2; n = 1: zero width
        assertArrayEquals(new double[]{1, 4 - 2 * Math.sqrt(2), 3}, r.lower(), EPS);
        assertArrayEquals(new double[]{5, 4 + 2 * Math.sqrt(2), 3}, r.upper(), EPS);
        assertEquals(3, r.maxN());
    }

    @Test
    void stderrIsStdOverRootN() {
        Result r = GroupAggregate.of(List.of(A, B, C), Aggregate.MEAN, Band.STDERR);
        assertEquals(3 - 2 / Math.sqrt(3), r.lower()[0], EPS);
        assertEquals(3 + 2 / Math.sqrt(3), r.upper()[0], EPS);
        assertEquals(4 + 2 * Math.sqrt(2) / Math.sqrt(2), r.upper()[1], EPS);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValuesAndMinMaxBandsAreTheExtremes() {
        List<Member> four = List.of(
                Member.ofSteps(new long[]{0}, new double[]{10}),
                Member.ofSteps(new long[]{0}, new double[]{1}),
                Member.ofSteps(new long[]{0}, new double[]{20}),
                Member.ofSteps(new long[]{0}, new double[]{2}));
        Result r = GroupAggregate.of(four, Aggregate.MEDIAN, Band.MINMAX);
        assertEquals(6, r.line()[0], EPS);
        assertEquals(1, r.lower()[0], EPS);
        assertEquals(20, r.upper()[0], EPS);
        assertEquals(3, GroupAggregate.median(new double[]{5, 3, 1}), EPS);
        assertEquals(8.25, GroupAggregate.mean(new double[]{10, 1, 20, 2}), EPS);
    }

    @Test
    void noBandLeavesTheEdgesOnTheLineAndXIsAveragedPerStep() {
        Member a = new Member(new long[]{0, 1}, new double[]{0.1, 0.2}, new double[]{1, 1});
        Member b = new Member(new long[]{1}, new double[]{0.4}, new double[]{3});
        Result r = GroupAggregate.of(List.of(a, b), Aggregate.MEAN, Band.NONE);
        assertArrayEquals(new double[]{0.1, 0.3}, r.x(), EPS);
        assertArrayEquals(r.line(), r.lower(), EPS);
        assertArrayEquals(r.line(), r.upper(), EPS);
        assertArrayEquals(new double[]{1, 2}, r.line(), EPS);
    }

    @Test
    void aStepWithoutAFiniteValueIsDroppedAndStdNeedsTwoValues() {
        Member a = Member.ofSteps(new long[]{0, 1}, new double[]{Double.NaN, 2});
        Member b = Member.ofSteps(new long[]{0}, new double[]{Double.POSITIVE_INFINITY});
        Result r = GroupAggregate.of(List.of(a, b), Aggregate.MEAN, Band.STD);
        assertArrayEquals(new long[]{1}, r.steps());
        assertTrue(Double.isNaN(GroupAggregate.std(new double[]{1})));
        assertEquals(0, GroupAggregate.of(List.of(), Aggregate.MEAN, Band.NONE).size());
    }

    @Test
    void membersMustHaveEqualLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> new Member(new long[]{0, 1}, new double[]{0}, new double[]{0, 1}));
    }
}
