package dev.handoff.runs.source.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Value formatting of the file store: expected strings are what Python 3 / PyYAML 6 produce for the same input. */
class MlflowFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.5|0.5", "1.0|1.0", "100.0|100.0", "1e-05|1e-05", "0.0001|0.0001", "0.001234|0.001234",
            "1e16|1e+16", "1e15|1000000000000000.0", "123456789.123|123456789.123",
            "0.30000000000000004|0.30000000000000004", "-0.0|-0.0", "1.5e-7|1.5e-07", "2.5e20|2.5e+20",
            "4.9e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e+308", "0.6666666666666666|0.6666666666666666",
            // Double.toString on JDK 17 prints 2.82879384806159008E17 here (JDK-4511638): Python prints the shortest
            "2.82879384806159e17|2.82879384806159e+17", "1e23|1e+23", "-42.25|-42.25"})
    void floatsAreFormattedAsPythonRepr(double value, String python) {
        assertEquals(python, PythonFloats.repr(value));
    }

    @Test
    void specialFloats() {
        assertEquals("nan", PythonFloats.repr(Double.NaN));
        assertEquals("inf", PythonFloats.repr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloats.repr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void randomFloatsRoundTripAndAreNoLongerThanJavasDigits() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String r = PythonFloats.repr(v);
            assertEquals(v, Double.parseDouble(r), r);
            assertTrue(significantDigits(r) <= 17, r);
        }
    }

    private static int significantDigits(String r) {
        String m = r.replaceFirst("e.*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return m.replaceFirst("0+$", "").length();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1|'1'", "007|'007'", "1_000|'1_000'", "12:30|'12:30'", "true|'true'", "Yes|'Yes'", "~|'~'",
            "2024-01-01|'2024-01-01'", "0x1F|'0x1F'", "1.5|'1.5'", ".inf|'.inf'", "abc:|'abc:'", "a: b|'a: b'",
            "- x|'- x'", "\"#tag\"|'#tag'", "\"@me\"|'@me'", "\" pad\"|' pad'",
            "1e5|1e5", "credit-risk|credit-risk", "file:///tmp/mlruns/1|file:///tmp/mlruns/1", "lr=0.1|lr=0.1",
            "-x|-x", "y|y", "a,b|a,b", "(x)|(x)", "a#b|a#b", "it's|it's", "é-run|é-run"})
    void stringsAreQuotedLikePyYaml(String value, String yaml) {
        assertEquals(yaml, MlflowYaml.scalar(value));
    }

    @Test
    void emptyStringIsQuotedAndQuotesAreDoubled() {
        assertEquals("''", MlflowYaml.scalar(""));
        assertEquals("'''x: y'''", MlflowYaml.scalar("'x: y'"));
    }

    @Test
    void controlCharactersAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlflowYaml.scalar("a\nb"));
        assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
    }
}
