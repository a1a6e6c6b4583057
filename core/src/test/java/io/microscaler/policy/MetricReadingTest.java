package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricReadingTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({"RPS, 512.0, rps", "CONCURRENCY, 41.2, concurrency"})
    void eachMetricReadsItsOwnFigureOfTheSpan(TargetMetric metric, double expected, String name) {
        MetricReading reading = MetricReading.of(metric, Snapshots.span(512.0, 41.2), "stable", Duration.ofSeconds(30));

        assertThat(reading.total()).isEqualTo(expected);
        assertThat(reading.spanSeconds()).isEqualTo(60);
        assertThat(reading.name()).isEqualTo(name);
    }
}
