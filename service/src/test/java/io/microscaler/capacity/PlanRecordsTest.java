package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanRecordsTest {

    static final Instant AT = Instant.parse("2026-12-06T12:00:00.123Z");

    static Decision decision() {
        return new Decision("iiif", AT, 1_765_000_000_000_001L, 2, 5, "latency", Reason.SCALE_DOWN_STABILISED,
                "p95 300 ms > 250 ms", Map.of("p95Ms", 300.0, "rps", Double.NaN),
                List.of(new Recommendation("latency", 5, Reason.PANIC, "p95 300 ms"),
                        new Recommendation("target-tracking", 3, Reason.TARGET_TRACKING, "rps 290")));
    }

    @Test
    void aWishComesBackAsTheDecisionItWasWithAnInputWithoutDataStillWithout() {
        PlanRecords.WishRecord read = PlanRecords.readWish(PlanRecords.wish(decision()));

        assertThat(read).isInstanceOfSatisfying(PlanRecords.Wish.class, w -> {
            Decision d = w.decision();
            Decision original = decision();
            assertThat(d).usingRecursiveComparison().ignoringFields("inputs").isEqualTo(original);
            assertThat(d.inputs()).containsEntry("p95Ms", 300.0);
            assertThat(d.inputs().get("rps")).isNaN();
        });
    }

    @Test
    void anObservedCountAndAGrantComeBackWhole() {
        assertThat(PlanRecords.readWish(PlanRecords.observed("iiif", 4, AT)))
                .isEqualTo(new PlanRecords.Observed("iiif", 4, AT));
        PlanRecords.Grant grant = PlanRecords.readGrant(PlanRecords.grant(true, decision()));
        assertThat(grant.apply()).isTrue();
        assertThat(grant.decision().to()).isEqualTo(5);
        assertThat(PlanRecords.readGrant(PlanRecords.grant(false, decision())).apply()).isFalse();
    }

    @Test
    void aBadRecordSaysWhatIsWrong() {
        assertThatThrownBy(() -> PlanRecords.readWish("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> PlanRecords.readWish(bytes("{\"v\":2,\"kind\":\"wish\"}")))
                .hasMessageContaining("version 1");
        assertThatThrownBy(() -> PlanRecords.readWish(bytes("{\"v\":1,\"kind\":\"grant\"}")))
                .hasMessageContaining("kind \"grant\" is not wish or observed");
        assertThatThrownBy(() -> PlanRecords.readWish(bytes("{\"v\":1,\"kind\":\"observed\",\"service\":\"a\",\"desired\":-1,\"ts\":1}")))
                .hasMessageContaining("desired (integer ≥ 0)");
        assertThatThrownBy(() -> PlanRecords.readGrant(bytes("{\"v\":1,\"kind\":\"apply\",\"decision\":{\"service\":\"a\"}}")))
                .hasMessageContaining("ts must be an integer");
        String unknownReason = new String(PlanRecords.grant(true, decision()), StandardCharsets.UTF_8)
                .replace("scale-down-stabilised", "because");
        assertThatThrownBy(() -> PlanRecords.readGrant(bytes(unknownReason)))
                .hasMessageContaining("reason \"because\" is not one of microscaler's reasons");
        assertThatThrownBy(() -> PlanRecords.readGrant(null)).hasMessage("no value");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
