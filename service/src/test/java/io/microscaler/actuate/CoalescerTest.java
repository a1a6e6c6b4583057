package io.microscaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.Coalescer.Verdict;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    private final Coalescer coalescer = new Coalescer();

    private static Decision d(String service, long seq, int to) {
        return new Decision(service, Instant.EPOCH.plusSeconds(seq), seq, 1, to, "p", Reason.TARGET_TRACKING, "m", Map.of());
    }

    @Test
    void startsAtOnceWhenIdleAndQueuesWhileBusy() {
        assertThat(coalescer.offer(d("a", 1, 5))).isEqualTo(Verdict.START);
        assertThat(coalescer.offer(d("a", 2, 6))).isEqualTo(Verdict.QUEUED);
        assertThat(coalescer.offer(d("b", 1, 3))).as("services are independent").isEqualTo(Verdict.START);
    }

    @Test
    void theNewestWaitingDecisionSupersedesOlderOnes() {
        coalescer.offer(d("a", 1, 5));
        coalescer.offer(d("a", 2, 6));
        assertThat(coalescer.offer(d("a", 3, 7))).isEqualTo(Verdict.SUPERSEDED_WAITING);
        assertThat(coalescer.completed("a").to()).isEqualTo(7);
        assertThat(coalescer.busy("a")).isTrue();
        assertThat(coalescer.completed("a")).isNull();
        assertThat(coalescer.busy("a")).isFalse();
    }

    @Test
    void dropsDecisionsOlderThanOneAlreadySeen() {
        coalescer.offer(d("a", 5, 5));
        assertThat(coalescer.offer(d("a", 4, 9))).isEqualTo(Verdict.STALE);
        assertThat(coalescer.offer(d("a", 5, 9))).isEqualTo(Verdict.STALE);
        coalescer.completed("a");
        assertThat(coalescer.offer(d("a", 6, 2))).isEqualTo(Verdict.START);
    }
}
