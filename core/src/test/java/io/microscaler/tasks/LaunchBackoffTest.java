package io.microscaler.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaunchBackoffTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @ParameterizedTest(name = "after {0} failure(s) in a row: {1} s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "6, 32", "7, 60", "40, 60"})
    void waitsDoubleUpToTheCap(int failures, long seconds) {
        LaunchBackoff backoff = new LaunchBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(backoff.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aFailureHoldsLaunchesUntilItsWaitIsOver() {
        LaunchBackoff backoff = new LaunchBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(backoff.allows(T0)).isTrue();

        backoff.failed(T0);
        backoff.failed(T0.plusSeconds(1));

        assertThat(backoff.notBefore()).contains(T0.plusSeconds(3));
        assertThat(backoff.allows(T0.plusMillis(2999))).isFalse();
        assertThat(backoff.allows(T0.plusSeconds(3))).isTrue();
        assertThat(backoff.failures()).isEqualTo(2);
    }

    @Test
    void resetStartsOver() {
        LaunchBackoff backoff = new LaunchBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        backoff.failed(T0);
        backoff.failed(T0);

        backoff.reset();
        backoff.failed(T0);

        assertThat(backoff.notBefore()).contains(T0.plusSeconds(1));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new LaunchBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("base must be > 0, but was PT0S");
        assertThatThrownBy(() -> new LaunchBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("cap must be >= base (PT2S), but was PT1S");
    }
}
