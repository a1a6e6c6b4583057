package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceEvaluatorTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "{0} {1}→{2} after {3} {4}→{5}: publish={6}")
    @CsvSource({
            // reason,                 from, to, last reason,         last from, last to, publish
            "TARGET_TRACKING,          1,    5,  ,                    ,          ,        true",  // a change, always
            "TARGET_TRACKING,          5,    5,  TARGET_TRACKING,     1,         5,       false", // steady: nothing to say
            "WITHIN_TOLERANCE,         5,    5,  ,                    ,          ,        false",
            "INSUFFICIENT_DATA,        5,    5,  TARGET_TRACKING,     1,         5,       true",  // entering a hold
            "INSUFFICIENT_DATA,        5,    5,  INSUFFICIENT_DATA,   5,         5,       false", // still holding
            "SCALE_DOWN_STABILISED,    5,    5,  TARGET_TRACKING,     1,         5,       true",
            "WARMING,                  0,    0,  ,                    ,          ,        true",
            "CAPACITY_UNKNOWN,         0,    0,  WARMING,             0,         0,       true",
            "AT_MAX,           20,   20, AT_MAX,      12,        20,      false",
            "AT_MIN,           2,    1,  AT_MIN,      2,         2,       true",
            "SCHEDULED,                2,    6,  ,                    ,          ,        true",  // a schedule raised it
            "SCHEDULED,                6,    6,  TARGET_TRACKING,     2,         6,       true",  // held at its bound
            "SCHEDULED,                6,    6,  SCHEDULED,           2,         6,       false", // still
            "PANIC,                    5,    5,  TARGET_TRACKING,     2,         5,       true",  // panic refuses a scale-in
            "ERROR_GUARD,              5,    5,  PANIC,               5,         5,       true",
            "ERROR_GUARD,              5,    5,  ERROR_GUARD,         5,         5,       false",
            "COOLDOWN,                 5,    5,  TARGET_TRACKING,     2,         5,       true",
            "SCALE_UP_LIMIT,           5,    9,  ,                    ,          ,        true",  // a limited change is a change
            "SCALE_UP_LIMIT,           9,    9,  SCALE_UP_LIMIT,      5,         9,       false", // disabled, still
            "SCALE_UP_STABILISED,      5,    5,  TARGET_TRACKING,     2,         5,       true",
            "STEP,                     5,    5,  STEP,                4,         5,       false",
            "DEMAND,                   5,    5,  DEMAND,              4,         5,       false",
            "PAUSED,                   5,    5,  TARGET_TRACKING,     4,         5,       true",  // an operator paused it
            "PAUSED,                   5,    5,  PAUSED,              5,         5,       false", // still paused
            "PINNED,                   5,    8,  ,                    ,          ,        true",  // a pin's change
            "PINNED,                   8,    8,  PINNED,              5,         8,       false", // held at the pin
    })
    void publishesChangesAndNewHoldsOnly(Reason reason, int from, int to, Reason lastReason, Integer lastFrom,
                                          Integer lastTo, boolean publish) {
        Decision decision = new Decision("s", T, 0, from, to, "target-tracking", reason, "m", Map.of());
        Decision last = lastReason == null ? null
                : new Decision("s", T.minusSeconds(1), 1, lastFrom, lastTo, "target-tracking", lastReason, "m", Map.of());
        assertThat(ServiceEvaluator.worthPublishing(decision, last)).isEqualTo(publish);
    }
}
