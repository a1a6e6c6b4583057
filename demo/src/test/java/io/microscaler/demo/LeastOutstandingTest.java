package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.localcloud.HealthyTargets.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastOutstandingTest {

    private final Target a = new Target("i-1", "127.0.0.1", 1001);
    private final Target b = new Target("i-1", "127.0.0.1", 1002);
    private final Target c = new Target("i-2", "127.0.0.1", 1003);

    @Test
    void noTargetNoChoice() {
        assertThat(new LeastOutstanding().choose(List.of())).isNull();
    }

    @Test
    void idleTargetsShareRoundRobin() {
        LeastOutstanding lo = new LeastOutstanding();
        Map<Target, Integer> chosen = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            chosen.merge(lo.choose(List.of(a, b, c)), 1, Integer::sum); // each answered before the next
        }
        assertThat(chosen).containsEntry(a, 100).containsEntry(b, 100).containsEntry(c, 100);
    }

    @Test
    void theTargetWithFewestOutstandingIsChosen() {
        LeastOutstanding lo = new LeastOutstanding();
        lo.started(a);
        lo.started(a);
        lo.started(b);
        for (int i = 0; i < 5; i++) {
            assertThat(lo.choose(List.of(a, b, c))).isEqualTo(c);
        }
        lo.started(c);
        lo.started(c);
        assertThat(lo.choose(List.of(a, b, c))).isEqualTo(b);
        lo.finished(a);
        lo.finished(a);
        assertThat(lo.choose(List.of(a, b, c))).isEqualTo(a);
        assertThat(lo.total()).isEqualTo(3);
    }

    @Test
    void concurrentRequestsSpreadEvenlyAndASlowTargetGetsFewer() {
        LeastOutstanding lo = new LeastOutstanding();
        // 9 requests at once, none answered: 3 each
        for (int i = 0; i < 9; i++) {
            lo.started(lo.choose(List.of(a, b, c)));
        }
        assertThat(List.of(lo.outstanding(a), lo.outstanding(b), lo.outstanding(c))).containsOnly(3);
        // b and c answer theirs, a (slow) does not: the next 6 go to b and c
        for (int i = 0; i < 3; i++) {
            lo.finished(b);
            lo.finished(c);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(lo.choose(List.of(a, b, c))).isNotEqualTo(a);
            lo.started(i % 2 == 0 ? b : c);
        }
    }

    @Test
    void aTargetThatLeftTheHealthySetIsForgottenOnceItsRequestsFinish() {
        LeastOutstanding lo = new LeastOutstanding();
        lo.started(a);
        assertThat(lo.choose(List.of(b))).isEqualTo(b);
        lo.finished(a);
        lo.finished(a); // one more than started: no negative count
        assertThat(lo.outstanding(a)).isZero();
        assertThat(lo.total()).isZero();
    }
}
