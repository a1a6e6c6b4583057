package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.microscaler.policy.ConcurrencyDemand.Basis;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WorkStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requests a load needs at work, hand-computed. The example service: tasks of 4 workers, 50 ms
 * at work per request (80 requests/s per task flat out), a target of 2.8 at work per task.
 */
class ConcurrencyDemandTest {

    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final double NaN = Double.NaN;

    /** A span of {@code seconds} with these figures; Little's law from rate × mean latency. */
    private static SpanStats span(long seconds, double rate, double meanLatencyMs, WorkStats work) {
        return new SpanStats(Duration.ofSeconds(seconds), Math.round(rate * seconds), 0, rate,
                rate * meanLatencyMs / 1000, meanLatencyMs, meanLatencyMs * 1.5, meanLatencyMs * 2, 0, 0, 0, work);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | rate | latency | serviceMs | backlog | growth | expected
            steady, no queue: 100/s × 50 ms           | 100  | 50      | 50        | NaN     | 0      | 5.0
            3 saturated tasks, 400/s offered, backlog reported  | 240 | 1000 | 50 | 1200 | 160 | 22.0
            same, backlog from latency (Little on the wait)      | 240 | 1000 | 50 | NaN  | 160 | 20.38
            growth counts up to the completion rate             | 100 | 500  | 50 | 0    | 900 | 10.0
            the backlog term up to the offered work             | 100 | 500  | 50 | 9000 | 0   | 10.0
            queue draining: growth below 0 counts as none        | 300 | 400  | 50 | 600  | -50 | 16.0
            """)
    void withTheTimeAtWorkReportedTheOverloadAsksForWhatDrainsIt(String name, double rate, double latencyMs,
                                                                double serviceMs, double backlog, double growth,
                                                                double expected) {
        // 2nd row: (240 + 160) × 0.05 + 1,200 × 0.05 / 30 = 20 + 2 = 22
        // 3rd row: waiting = 240 × 1.0 − 240 × 0.05 = 228; 400 × 0.05 + 228 × 0.05 / 30 = 20 + 0.38
        // 4th row: growth 900 counts as 100: 200 × 0.05 = 10, no backlog; 5th: 9,000 × 0.05 / 30 = 15, counts as 5
        ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(
                span(6, rate, latencyMs, new WorkStats(serviceMs, 1, NaN, backlog, growth)), DRAIN);

        assertThat(e.basis()).isEqualTo(Basis.SERVICE_TIME);
        assertThat(e.total()).isCloseTo(expected(rate, latencyMs, serviceMs, backlog, growth), within(1e-9));
        assertThat(e.total()).isCloseTo(expected, within(0.05));
        assertThat(e.total()).as("at most twice what keeps up with what completes")
                .isLessThanOrEqualTo(4 * rate * serviceMs / 1000 + 1e-9);
    }

    /** The formula, written out once more: offered × time at work + backlog × time at work ÷ drain, with its two caps. */
    private static double expected(double rate, double latencyMs, double serviceMs, double backlog, double growth) {
        double atWork = serviceMs / 1000;
        double waiting = Double.isNaN(backlog) ? rate * latencyMs / 1000 - rate * atWork : backlog;
        double offeredWork = (rate + Math.min(Math.max(0, growth), rate)) * atWork;
        return offeredWork + Math.min(waiting * atWork / 30, offeredWork);
    }

    @Test
    void anOverloadAsksForAboutWhatDrainsItWhereLittlesLawAsksForTenTimesMore() {
        // 3 tasks, 400/s offered, 240/s complete with 1 s of queueing; the servers report it all
        SpanStats overloaded = span(6, 240, 1000, new WorkStats(50, 1, 990, 1200, 160));

        ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(overloaded, DRAIN);

        double target = 2.8;
        int asked = DesiredTasks.forTotal(e.total(), target);
        int drains = (int) Math.ceil(400 * 0.05 / target); // 7.1 → 8 tasks keep up with 400/s
        assertThat(asked).isBetween(drains, drains + 1); // 22 / 2.8 = 7.9 → 8
        assertThat(DesiredTasks.forTotal(overloaded.concurrency(), target)).isEqualTo(86); // 240 / 2.8
        assertThat(e.figures()).contains("offered 400.0/s × 50 ms at work").contains("backlog 1200");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                         | rate | latency | baseline | growth | offered | true serviceMs
            latency only, queueing: 240/s done, 160/s more queue | 240 | 1000 | 55 | 160 | 400 | 50
            latency only, steady and unqueued                    | 100 | 52   | 50 | 0   | 100 | 50
            latency only, 30 % jitter, light queue               | 200 | 90   | 60 | 10  | 210 | 55
            """)
    void latencyOnlyEventsNeverAskForMoreThanTheOfferedRateNeeds(String name, double rate, double latencyMs,
                                                                double baselineMs, double growth, double offered,
                                                                double trueServiceMs) {
        // servers report only latency: the span's least queued seconds bound the time at work from above
        ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(
                span(6, rate, latencyMs, new WorkStats(NaN, 0, baselineMs, NaN, growth)), DRAIN);

        double offeredNeeds = offered * baselineMs / 1000; // at the (upper-bound) baseline time at work
        assertThat(e.total()).isLessThanOrEqualTo(offeredNeeds + 1e-9);
        assertThat(e.total()).isLessThanOrEqualTo(rate * latencyMs / 1000 + 1e-9); // never more than Little's law
        assertThat(e.total()).isGreaterThanOrEqualTo(offered * trueServiceMs / 1000 * 0.9); // and not far below the truth
    }

    @Test
    void oneWildBacklogReportCannotSendAServiceToItsMaximum() {
        // 100/s at 40 ms keep 4 at work; a summary claims a backlog of 10^12 growing by 10^9 a second
        SpanStats lied = span(6, 100, 45, new WorkStats(40, 1, NaN, 1e12, 1e9));

        double total = ConcurrencyDemand.of(lied, DRAIN).total();

        assertThat(total).isCloseTo(16.0, within(1e-9)); // (100 + 100) × 0.04 = 8, and the backlog term at most 8
        assertThat(DesiredTasks.forTotal(total, 2.8)).isEqualTo(6); // not 20, nor 10^9
    }

    @Test
    void withNothingToTellWorkFromWaitingItIsLittlesLaw() {
        SpanStats plain = Snapshots.span(512.0, 41.2);

        ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(plain, DRAIN);

        assertThat(e.basis()).isEqualTo(Basis.LITTLE);
        assertThat(e.total()).isEqualTo(41.2);
    }

    @Test
    void aShorterDrainTimeAsksForMoreToWorkOffTheSameBacklog() {
        SpanStats s = span(6, 160, 1000, new WorkStats(50, 1, NaN, 1200, 0));

        double slow = ConcurrencyDemand.of(s, Duration.ofSeconds(60)).total();
        double fast = ConcurrencyDemand.of(s, Duration.ofSeconds(10)).total();

        assertThat(slow).isCloseTo(160 * 0.05 + 1200 * 0.05 / 60, within(1e-9)); // 8 + 1
        assertThat(fast).isCloseTo(160 * 0.05 + 1200 * 0.05 / 10, within(1e-9)); // 8 + 6
    }
}
