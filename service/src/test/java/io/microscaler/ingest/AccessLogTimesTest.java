package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTimesTest {

    @ParameterizedTest(name = "\"{0}\" s → {1} ms")
    @CsvSource(delimiter = '|', value = {
            "0.084              | 84",
            "0.000              | 0",
            "2                  | 2000",
            "12.5               | 12500",
            "0.0999             | 99",            // cut, not rounded
            "1733480000.123456  | 1733480000123",
            "999999999999.999   | 999999999999999",
            "1000000000000      | -1",           // 13 whole digits: junk
            "''                 | -1",
            ".5                 | -1",
            "5.                 | -1",
            "-0.084             | -1",
            "+1                 | -1",
            "8.4e-2             | -1",
            "' 0.084'           | -1",
            "0.08x              | -1",
            "1.2.3              | -1",
    })
    void secondsToMillis(String text, long ms) {
        assertThat(AccessLogTimes.secondsToMillis(text)).isEqualTo(ms);
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "-                     | -1",
            "'- , -'               | -1",
            "0.012                 | 12",
            "'0.012, 0.030'        | 42",
            "'0.012, 0.030 : 0.100' | 142",
            "'0.012,'              | " + Long.MIN_VALUE,
            "slow                  | " + Long.MIN_VALUE,
            "''                    | " + Long.MIN_VALUE,
    })
    void upstreamMillis(String text, long ms) {
        assertThat(AccessLogTimes.upstreamMillis(text)).isEqualTo(ms);
    }
}
