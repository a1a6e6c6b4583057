package io.microscaler.api;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.Capacity;
import io.microscaler.window.WindowState;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StatusPointTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aPointPlotsThePanicSpansLoadAndLatencyWithTheActuatorsCounts() {
        var status = Statuses.status("iiif", T, WindowState.OK, 412.345, 61.26, new Capacity(12, 10, 2));

        StatusPoint p = StatusPoint.of(status, OptionalInt.of(8), 1_000);

        assertThat(p).isEqualTo(new StatusPoint(1_000, "ok", 412.3, 61.3, 12, 10, 2, 8));
        assertThat(p.toMap()).containsExactly(
                entry("t", 1_000L), entry("state", "ok"), entry("rps", 412.3),
                entry("p95Ms", 61.3), entry("desired", 12), entry("running", 10),
                entry("pending", 2), entry("healthy", 8));
    }

    @Test
    void whatIsNotKnownIsNullNotZero() {
        var status = Statuses.status("iiif", T, WindowState.UNKNOWN, 0, Double.NaN, null);

        StatusPoint p = StatusPoint.of(status, OptionalInt.empty(), 2_000);

        assertThat(p).isEqualTo(new StatusPoint(2_000, "unknown", 0.0, null, null, null, null, null));
    }
}
