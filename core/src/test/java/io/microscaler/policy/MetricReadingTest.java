package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.window.SpanStats;
import io.microscaler.window.WorkStats;
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                     | metric      | newest | expected
            requests/s: the newest rate itself                          | RPS         | 400    | 400.0
            concurrency: 6 s mean 133/s × 38 ms, now 400/s × 38 ms       | CONCURRENCY | 400    | 15.2
            never below the span's own reading                          | CONCURRENCY | 50     | 5.054
            unknown newest rate: the span's reading                     | CONCURRENCY | NaN    | 5.054
            """)
    void atTheNewestRateTheSameWorkPerRequestCountsAtThatRate(String name, TargetMetric metric, double newest,
                                                              double expected) {
        // the demo's step: 5 s at 80/s and 1 s at 400/s in the 6 s span = 133/s, each request 38 ms at work
        SpanStats span = new SpanStats(Duration.ofSeconds(6), 798, 0, 133, 5.5, 40, 45, 50, 0, 0, 0,
                new WorkStats(38, 1, Double.NaN, 0, 0));
        MetricReading reading = MetricReading.of(metric, span, "panic", Duration.ofSeconds(30));

        // 133 × 0.038 = 5.054; + (400 − 133) × 0.038 = 15.2, what 400/s needs at work
        assertThat(reading.atRate(span.rate(), newest)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
    }

    @org.junit.jupiter.api.Test
    void withLatencyOnlyTheNewestRateNeverAsksForMoreThanThatRateNeedsAtTheBaseline() {
        // servers report latency alone: 240/s complete at 1 s (queueing), the backlog grows by 160/s,
        // the least queued seconds took 55 ms; the newest two seconds completed 300/s
        SpanStats span = new SpanStats(Duration.ofSeconds(6), 1440, 0, 240, 240, 900, 1000, 1100, 0, 0, 0,
                new WorkStats(Double.NaN, 0, 55, Double.NaN, 160));
        MetricReading reading = MetricReading.of(TargetMetric.CONCURRENCY, span, "panic", Duration.ofSeconds(30));

        double atNewest = reading.atRate(240, 300);

        // (240 + 160) × 0.055 = 22, then 60/s more at 0.055 s: (300 + 160) × 0.055 = 25.3
        assertThat(atNewest).isCloseTo(25.3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(atNewest).as("not Little's law at the newest rate: 300 × 1 s").isLessThan(300 * 1.0);
    }
}
