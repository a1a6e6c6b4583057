package io.microscaler.override;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.Evaluation;
import io.microscaler.policy.PolicyMemory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverrideRuleTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Pause PAUSE = new Pause("alice", "incident 42", NOW.minusSeconds(60));

    @Test
    void withoutOverridesThePolicysEvaluationGoesOutAsItIs() {
        Evaluation policy = scaling(3, 5);

        assertThat(OverrideRule.apply(policy, Optional.empty(), 1, 20, NOW)).isSameAs(policy);
        assertThat(OverrideRule.apply(policy, Optional.of(ServiceOverrides.none("iiif")), 1, 20, NOW)).isEqualTo(policy);
    }

    @Test
    void aPauseHoldsAtTheCurrentCountAndSaysWhoWhyAndWhatThePolicyWanted() {
        Evaluation out = OverrideRule.apply(scaling(3, 5), Optional.of(paused()), 1, 20, NOW);

        Decision d = out.decision();
        assertThat(d.from()).isEqualTo(3);
        assertThat(d.to()).isEqualTo(3);
        assertThat(d.reason()).isEqualTo(Reason.PAUSED);
        assertThat(d.policy()).isEqualTo("admin");
        assertThat(d.message()).startsWith("paused by alice: incident 42 (since 2026-12-06T11:59:00Z); "
                + "the policy would set 3 → 5 (target-tracking): rps 512");
        assertThat(d.inputs()).containsEntry("tasks", 3.0);
    }

    @Test
    void aPauseErasesTheScalingThePolicyRememberedSoCooldownsCountOnlyWhatHappened() {
        Evaluation out = OverrideRule.apply(scaling(3, 5), Optional.of(paused()), 1, 20, NOW);

        assertThat(out.next().scalings()).containsExactly(new PolicyMemory.Scaling(NOW.minusSeconds(30), 2, 3));
        assertThat(out.next().recommended()).containsExactly(new PolicyMemory.Recommended(NOW, 5));
    }

    @ParameterizedTest(name = "pin {0} in [{1}, {2}] from 3 → {3}")
    @CsvSource({
            "6, 1, 20, 6, 'pinned at 6 by bob until 2026-12-06T12:10:00Z: deploy; the policy would set 3 → 5'",
            "50, 1, 20, 20, 'pinned at 20 (asked 50, capped at max 20) by bob'",
            "0, 2, 20, 2, 'pinned at 2 (asked 0, raised to min 2) by bob'",
            "3, 1, 20, 3, 'pinned at 3 by bob'"})
    void aPinSetsItsCountWithinTheBounds(int count, int min, int max, int to, String message) {
        ServiceOverrides pinned = ServiceOverrides.none("iiif").withPin(Optional.of(pin(count, NOW.plusSeconds(600))));

        Evaluation out = OverrideRule.apply(scaling(3, 5), Optional.of(pinned), min, max, NOW);

        assertThat(out.decision().from()).isEqualTo(3);
        assertThat(out.decision().to()).isEqualTo(to);
        assertThat(out.decision().reason()).isEqualTo(Reason.PINNED);
        assertThat(out.decision().message()).startsWith(message);
        List<PolicyMemory.Scaling> expected = to == 3 ? List.of(new PolicyMemory.Scaling(NOW.minusSeconds(30), 2, 3))
                : List.of(new PolicyMemory.Scaling(NOW.minusSeconds(30), 2, 3), new PolicyMemory.Scaling(NOW, 3, to));
        assertThat(out.next().scalings()).isEqualTo(expected);
    }

    @Test
    void aPinExpiresAtItsUntilAndThePolicyDecidesAgain() {
        Instant until = NOW.plusSeconds(10);
        ServiceOverrides pinned = ServiceOverrides.none("iiif").withPin(Optional.of(pin(8, until)));

        assertThat(OverrideRule.apply(scaling(3, 5), Optional.of(pinned), 1, 20, until.minusMillis(1)).decision().to())
                .isEqualTo(8);
        Evaluation atExpiry = scaling(3, 5);
        assertThat(OverrideRule.apply(atExpiry, Optional.of(pinned), 1, 20, until)).isSameAs(atExpiry);
        assertThat(pinned.pinAt(until)).isEmpty();
        assertThat(pinned.pin()).isPresent(); // what was asked is still shown
    }

    @Test
    void aPauseWinsOverAPin() {
        ServiceOverrides both = paused().withPin(Optional.of(pin(8, NOW.plusSeconds(600))));

        Decision d = OverrideRule.apply(scaling(3, 5), Optional.of(both), 1, 20, NOW).decision();

        assertThat(d.reason()).isEqualTo(Reason.PAUSED);
        assertThat(d.to()).isEqualTo(3);
    }

    @Test
    void whileTheCountIsUnknownThePolicysHoldGoesOut() {
        Decision unknown = Decision.hold("iiif", NOW, 0, "target-tracking", Reason.CAPACITY_UNKNOWN, "count unknown");
        Evaluation policy = new Evaluation(unknown, PolicyMemory.EMPTY);
        ServiceOverrides pinned = ServiceOverrides.none("iiif").withPin(Optional.of(pin(8, NOW.plusSeconds(600))));

        assertThat(OverrideRule.apply(policy, Optional.of(pinned), 1, 20, NOW)).isSameAs(policy);
        assertThat(OverrideRule.apply(policy, Optional.of(paused()), 1, 20, NOW)).isSameAs(policy);
    }

    @Test
    void aHoldOfThePolicyIsDescribedAsOne() {
        Decision hold = Decision.hold("iiif", NOW, 4, "target-tracking", Reason.WITHIN_TOLERANCE, "ratio 1.02");

        Decision d = OverrideRule.apply(new Evaluation(hold, PolicyMemory.EMPTY), Optional.of(paused()), 1, 20, NOW)
                .decision();

        assertThat(d.message()).endsWith("the policy would hold at 4 (within-tolerance): ratio 1.02");
    }

    private static ServiceOverrides paused() {
        return ServiceOverrides.none("iiif").withPause(Optional.of(PAUSE));
    }

    private static Pin pin(int count, Instant until) {
        return new Pin(count, "bob", "deploy", NOW.minusSeconds(5), until);
    }

    /** The policy scales from {@code from} to {@code to} now, having scaled 2 → 3 thirty seconds ago. */
    private static Evaluation scaling(int from, int to) {
        Decision d = new Decision("iiif", NOW, 0, from, to, "target-tracking", Reason.TARGET_TRACKING,
                "rps 512.0 over 60 s stable window / target 100.0 per task = 5.12 → " + to + " tasks (from " + from + ")",
                Map.of("tasks", (double) from));
        PolicyMemory memory = new PolicyMemory(List.of(new PolicyMemory.Recommended(NOW, to)),
                List.of(new PolicyMemory.Scaling(NOW.minusSeconds(30), 2, 3), new PolicyMemory.Scaling(NOW, from, to)),
                null);
        return new Evaluation(d, memory);
    }
}
