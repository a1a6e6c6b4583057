package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

    private static StatusPoint at(long millis) {
        return new StatusPoint(millis, "ok", 1.0, 2.0, 1, 1, 0, 1);
    }

    @Test
    void keepsEachServicesPointsInOrderForTheConfiguredHistory() {
        StatusHistory history = new StatusHistory(Duration.ofSeconds(5));
        for (long t = 1_000; t <= 9_000; t += 1_000) {
            history.add("b", at(t));
            history.add("a", at(t));
        }

        history.trim(9_000);

        // 9 s − 5 s = 4 s: the points from 4 s on stay, oldest first; services by id
        assertThat(history.all()).containsOnlyKeys("a", "b");
        assertThat(history.all().keySet()).containsExactly("a", "b");
        assertThat(history.all().get("a")).extracting(StatusPoint::at).containsExactly(4_000L, 5_000L, 6_000L, 7_000L, 8_000L, 9_000L);
        assertThat(history.keepSeconds()).isEqualTo(5);
    }

    @Test
    void aServiceNoLongerReportedLeavesOnceItsPointsAgeOut() {
        StatusHistory history = new StatusHistory(Duration.ofSeconds(5));
        history.add("gone", at(1_000));
        history.add("here", at(1_000));
        history.add("here", at(7_000));

        history.trim(7_000);

        assertThat(history.all()).containsOnlyKeys("here");
        assertThat(history.all().get("here")).extracting(StatusPoint::at).containsExactly(7_000L);
    }

    @Test
    void aCopyIsHandedOut() {
        StatusHistory history = new StatusHistory(Duration.ofSeconds(5));
        history.add("a", at(1_000));
        List<StatusPoint> copy = history.all().get("a");

        history.add("a", at(2_000));

        assertThat(copy).hasSize(1);
    }

    @Test
    void theHistoryMustBePositive() {
        assertThatThrownBy(() -> new StatusHistory(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("history must be positive, but was PT0S");
    }
}
