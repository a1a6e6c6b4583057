package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TickAlignmentTest {

    private static final long T = 1_732_356_000_000L; // a whole second

    @ParameterizedTest(name = "first tick, {0} ms past a whole second, tick {1} ms: in {2} ms")
    @CsvSource({
            "0,   1000, 20",     // the second just ended: tick once its last events are in
            "19,  1000, 1",
            "20,  1000, 1000",   // exactly on the phase: the next one, a whole tick away
            "500, 1000, 520",
            "0,   100,  20",     // 100 ms tick (the shortest allowed): 20 ms after each multiple of 100 ms
            "95,  100,  25",
    })
    void firstTickFallsJustAfterTheNextWholeMultipleOfTheTick(long pastSecond, long period, long expected) {
        assertThat(TickAlignment.firstDelayMillis(T + pastSecond, period)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after a tick at {0} ms past a whole second, tick {1} ms: next in {2} ms")
    @CsvSource({
            "20,  1000, 1000",   // on time
            "21,  1000, 999",    // 1 ms late: the phase is kept, not drifted
            "19,  1000, 1001",   // the timer fired 1 ms early: no second tick 1 ms later
            "600, 1000, 420",    // late by 580 ms: still the next aligned slot
            "770, 1000, 250",    // a quarter period away still ticks
            "771, 1000, 1249",   // less than that is skipped rather than run back to back
            "0,   100,  120",    // 100 ms tick: 20 ms away is less than a quarter period
            "50,  100,  70",
    })
    void nextTickKeepsThePhaseAndNeverFollowsAtOnce(long pastSecond, long period, long expected) {
        assertThat(TickAlignment.nextDelayMillis(T + pastSecond, period)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a clock before 1970 ({0}) still aligns")
    @CsvSource({"-1", "-980", "-1000"})
    void alignsOnNegativeEpochMillis(long nowMillis) {
        long delay = TickAlignment.firstDelayMillis(nowMillis, 1000);
        assertThat(Math.floorMod(nowMillis + delay, 1000)).isEqualTo(20);
    }
}
