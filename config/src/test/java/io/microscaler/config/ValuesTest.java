package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    private static Setting given(String text) {
        return new Setting(text, "test");
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"500ms, 500", "15s, 15000", "5m, 300000", "1h, 3600000", "0s, 0", "' 2s ', 2000"})
    void parsesDurations(String text, long millis) {
        assertThat(Values.duration("k", given(text), Duration.ZERO, false)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "60     | add a unit, e.g. 60s",
            "1.5    | add a unit, e.g. 1.5s",
            "1.5s   | like 500ms, 15s, 5m or 1h",
            "10 s   | like 500ms, 15s, 5m or 1h",
            "-5s    | like 500ms, 15s, 5m or 1h",
            "1d     | like 500ms, 15s, 5m or 1h",
            "PT5S   | like 500ms, 15s, 5m or 1h",
    })
    void refusesMalformedDurations(String text, String expected) {
        assertThatThrownBy(() -> Values.duration("k", given(text), Duration.ZERO, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1500ms", "0s"})
    void windowSpansAreWholePositiveSeconds(String text) {
        assertThatThrownBy(() -> Values.duration("k", given(text), Duration.ofSeconds(1), true))
                .hasMessageContaining("a whole number of seconds, at least 1s");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"500, 500ms", "15000, 15s", "300000, 5m", "3600000, 1h", "90000, 90s", "0, 0s"})
    void formatsDurationsTheWayTheyAreWritten(long millis, String text) {
        assertThat(Values.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"TRUE", "yes", "1", "on", "''"})
    void booleansAreTrueOrFalseOnly(String text) {
        assertThatThrownBy(() -> Values.bool("k", given(text))).hasMessageContaining("expected true or false");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', value = {"''", "broker:9092", "a:9092,b:9093", "10.0.0.1:9092", "[::1]:9092"})
    void acceptsBootstrapServers(String text) {
        assertThat(Values.bootstrapServers("k", given(text))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"broker", "broker:", "a:9092,,b:9092", "a:9092 b:9092", "a:port"})
    void refusesMalformedBootstrapServers(String text) {
        assertThatThrownBy(() -> Values.bootstrapServers("k", given(text))).hasMessageContaining("host:port pairs");
    }
}
