package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status page's decisions: in shadow mode they say what would have been set. */
class StreamEventsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void inShadowModeAChangeSaysWouldSetAndEveryDecisionIsMarked() {
        var change = Statuses.decision("iiif", T0, 7, 2, 5, Reason.TARGET_TRACKING, "rps 500.0 …");

        var shadow = StreamEvents.decisions(List.of(change), true).get(0);
        var act = StreamEvents.decisions(List.of(change), false).get(0);

        assertThat(shadow).containsEntry("message", "would set 2 → 5: rps 500.0 …").containsEntry("shadow", true)
                .containsEntry("from", 2).containsEntry("to", 5);
        assertThat(act).containsEntry("message", "rps 500.0 …").doesNotContainKey("shadow");
    }
}
