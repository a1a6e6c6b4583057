package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoldConditionsTest {

    @ParameterizedTest(name = "window {0}, capacity known {1} → {2} at {3}")
    @CsvSource(nullValues = "-", value = {
            "WARMING, true,  WARMING,           4",
            "WARMING, false, WARMING,           0",  // warming wins over an unknown count
            "UNKNOWN, true,  INSUFFICIENT_DATA, 4",
            "UNKNOWN, false, INSUFFICIENT_DATA, 0",
            "OK,      false, CAPACITY_UNKNOWN,  0",
            "OK,      true,  -,                 -",  // nothing to hold for: decide
    })
    void holdsInOrderWarmingThenNoDataThenNoCapacity(WindowState windowState, boolean capacityKnown,
                                                     Reason reason, Integer count) {
        ServiceState state = ServiceState.initial("iiif");
        if (capacityKnown) {
            state = state.withCapacity(new Capacity(4, 4, 0));
        }

        Optional<Decision> hold = HoldConditions.check(
                Snapshots.window(windowState, 0, 0, T0), state, T0, "target-tracking");

        assertThat(hold.map(Decision::reason).orElse(null)).isEqualTo(reason);
        hold.ifPresent(d -> {
            assertThat(d.from()).isEqualTo(count);
            assertThat(d.to()).isEqualTo(count);
            assertThat(d.policy()).isEqualTo("target-tracking");
            assertThat(d.at()).isEqualTo(T0);
        });
    }

    @Test
    void theNoDataMessageSaysHowLongItHasBeenSilentAndThatItHolds() {
        WindowSnapshot silent = new WindowSnapshot("iiif", T0.plusSeconds(42), WindowState.UNKNOWN,
                Snapshots.span(0, 0), Snapshots.span(0, 0), T0, Map.of());
        ServiceState state = ServiceState.initial("iiif").withCapacity(new Capacity(4, 4, 0));

        Decision d = HoldConditions.check(silent, state, T0.plusSeconds(42), "target-tracking").orElseThrow();

        assertThat(d.message()).isEqualTo("no events for 42 s: holding at 4, never scaling in on silence");
    }

    @ParameterizedTest(name = "last event {0}, now T0+{1} ms → \"{2}\"")
    @CsvSource(nullValues = "-", value = {
            "-,    0,     no events yet",
            "0,    400,   no whole second of events yet",
            "0,    15001, no events for 15 s",
    })
    void silenceIsDescribedByItsLength(Long lastEventMillis, long nowMillis, String expected) {
        Instant last = lastEventMillis == null ? null : T0.plusMillis(lastEventMillis);

        assertThat(HoldConditions.silence(last, T0.plusMillis(nowMillis))).isEqualTo(expected);
    }
}
