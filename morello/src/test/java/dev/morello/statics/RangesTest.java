package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Range field read against a length: one row per rule of RFC 9110 §14.1-14.2. */
class RangesTest {

    /** The outcome as text: IGNORE, UNSATISFIABLE, or the ranges {@code a-b a-b}. */
    private static String read(String header, long length) {
        Ranges.Result r = Ranges.parse(header, length);
        if (r.kind() != Ranges.Kind.PARTS) {
            return r.kind().name();
        }
        StringBuilder b = new StringBuilder();
        for (Ranges.Range x : r.ranges()) {
            b.append(b.length() == 0 ? "" : " ").append(x.first()).append('-').append(x.last());
        }
        return b.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-0             | 10 | 0-0",
        "bytes=0-9             | 10 | 0-9",
        "bytes=0-100           | 10 | 0-9",
        "bytes=5-              | 10 | 5-9",
        "bytes=-3              | 10 | 7-9",
        "bytes=-30             | 10 | 0-9",
        "bytes=0-1,3-4         | 10 | 0-1 3-4",
        "bytes=3-4,0-1         | 10 | 3-4 0-1",
        "bytes=0-1, 3-4        | 10 | 0-1 3-4",
        "bytes=0-1 ,\t3-4      | 10 | 0-1 3-4",
        "Bytes=1-1             | 10 | 1-1",
        "bytes=1-1,,           | 10 | 1-1",
        "bytes=10-,1-1         | 10 | 1-1",
        "bytes=99999999999999999999-|10 | UNSATISFIABLE",
        "bytes=0-99999999999999999999|10 | 0-9",
        "bytes=-99999999999999999999|10 | 0-9",
        "bytes=10-             | 10 | UNSATISFIABLE",
        "bytes=10-20           | 10 | UNSATISFIABLE",
        "bytes=-0              | 10 | UNSATISFIABLE",
        "bytes=0-              | 0  | UNSATISFIABLE",
        "bytes=-5              | 0  | UNSATISFIABLE",
        "bytes=5-4             | 10 | IGNORE",
        "bytes=0-1,5-4         | 10 | IGNORE",
        "bytes=                | 10 | IGNORE",
        "bytes=,               | 10 | IGNORE",
        "bytes                 | 10 | IGNORE",
        "bytes=a-b             | 10 | IGNORE",
        "bytes=1               | 10 | IGNORE",
        "bytes=-               | 10 | IGNORE",
        "bytes=+1-2            | 10 | IGNORE",
        "bytes=1-+2            | 10 | IGNORE",
        "bytes=1--2            | 10 | IGNORE",
        "bytes=1 - 2           | 10 | IGNORE",
        "bytes =1-2            | 10 | IGNORE",
        "bits=1-2              | 10 | IGNORE",
        "none                  | 10 | IGNORE",
        "bytes=0-5,3-9         | 10 | IGNORE",
        "bytes=0-,0-           | 10 | IGNORE",
        "bytes=0-4,3-4         | 10 | 0-4 3-4",
    })
    void reads(String header, long length, String expected) {
        assertEquals(expected, read(header, length));
    }

    @ParameterizedTest
    @CsvSource({"16, PARTS", "17, IGNORE"})
    void atMostSixteenRanges(int count, String kind) {
        StringBuilder b = new StringBuilder("bytes=");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append(i).append('-').append(i);
        }
        assertEquals(kind, Ranges.parse(b.toString(), 100).kind().name());
    }
}
