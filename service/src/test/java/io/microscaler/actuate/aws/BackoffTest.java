package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000;

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7));

    @ParameterizedTest(name = "retry {0}: ceiling {1} ms")
    @CsvSource({"0, 100", "1, 200", "2, 400", "3, 800", "4, 1600", "5, 3200", "6, 5000", "7, 5000", "40, 5000",
            "62, 5000", "63, 5000", "1000, 5000"})
    void ceilingDoublesFromBaseUpToTheCap(int retry, long ceilingMs) {
        assertThat(backoff.ceilingNanos(retry)).isEqualTo(ceilingMs * MS);
    }

    @Test
    void everyDelayIsWithinZeroAndItsCeiling() {
        for (int retry = 0; retry < 12; retry++) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(backoff.delayNanos(retry)).isBetween(0L, backoff.ceilingNanos(retry));
            }
        }
    }

    @Test
    void fullJitterSpreadsDelaysEvenlyOverTheWholeRange() {
        // Full jitter, not "half the ceiling plus jitter": a tenth of the draws land in each tenth of
        // [0, cap], the lowest included. 20 000 draws: each decile expects 2 000, sd ~42.
        int[] deciles = new int[10];
        long cap = backoff.ceilingNanos(9);
        int draws = 20_000;
        long sum = 0;
        for (int i = 0; i < draws; i++) {
            long d = backoff.delayNanos(9);
            sum += d;
            deciles[(int) Math.min(9, d * 10 / cap)]++;
        }
        for (int count : deciles) {
            assertThat(count).isBetween(1_800, 2_200);
        }
        assertThat((double) sum / draws).isCloseTo(cap / 2.0, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void sameSeedSameDelays() {
        Backoff a = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(1));
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(1));
        for (int retry = 0; retry < 8; retry++) {
            assertThat(a.delayNanos(retry)).isEqualTo(b.delayNanos(retry));
        }
    }

    @Test
    void aCapEqualToTheBaseIsAConstantCeiling() {
        Backoff flat = new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), new Random(3));
        assertThat(flat.ceilingNanos(0)).isEqualTo(50 * MS);
        assertThat(flat.ceilingNanos(9)).isEqualTo(50 * MS);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .hasMessage("base must be > 0, but was PT0S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .hasMessage("cap must be >= base (PT2S), but was PT1S");
        assertThatThrownBy(() -> backoff.ceilingNanos(-1)).hasMessage("retry must be >= 0, but was -1");
    }
}
