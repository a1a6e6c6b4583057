package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.policy.Capacity;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServiceStatusJsonTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    @SuppressWarnings("unchecked")
    void theLastDecisionShowsTheWinningPolicyAndWhatTheOthersSaid() {
        SpanStats span = new SpanStats(Duration.ofSeconds(60), 600, 0, 10, 1, 5, 9, 12, 0, 0, 0);
        WindowSnapshot w = new WindowSnapshot("api", T, WindowState.OK, span, span, T, Map.of());
        Decision d = new Decision("api", T, 5, 2, 4, "latency", Reason.TARGET_TRACKING, "latency: …", Map.of(),
                List.of(new Recommendation("target-tracking", 2, Reason.WITHIN_TOLERANCE, "rps …"),
                        new Recommendation("latency", 4, Reason.TARGET_TRACKING, "latency: …")));

        Map<String, Object> m = ServiceStatusJson.toMap(new ServiceStatus("owner-1", w, new Capacity(2, 2, 0), d, d, 10, 600));

        Map<String, Object> last = (Map<String, Object>) m.get("lastDecision");
        assertThat(last).containsEntry("policy", "latency").containsEntry("reason", "target-tracking");
        List<Map<String, Object>> recs = (List<Map<String, Object>>) last.get("recommendations");
        assertThat(recs).extracting(r -> r.get("policy")).containsExactly("target-tracking", "latency");
        assertThat(recs).extracting(r -> r.get("count")).containsExactly(2, 4);
        assertThat((Map<String, Object>) m.get("lastEvaluation")).containsKey("recommendations");
    }

    @Test
    void healthyTasksAndTheLatencyTargetComeAfterTheCountsWithoutMovingTheOtherFields() {
        var status = Statuses.status("iiif", T, WindowState.OK, 80, 50, new Capacity(5, 4, 1));

        Map<String, Object> with = ServiceStatusJson.toMap(status, OptionalInt.of(3), new ServiceTargets(250.0, 2, 40));
        Map<String, Object> without = ServiceStatusJson.toMap(status);

        assertThat(with).containsEntry("healthy", 3).containsEntry("latencyTargetMs", 250.0);
        assertThat(without).containsEntry("healthy", null).containsEntry("latencyTargetMs", null);
        assertThat(List.copyOf(with.keySet()).subList(0, 7))
                .containsExactly("service", "state", "desired", "running", "pending", "healthy", "latencyTargetMs");
        List<String> rest = List.copyOf(with.keySet()).subList(7, with.size());
        assertThat(rest).startsWith("spanSeconds", "rps").contains("panic", "lastDecision", "lastEvaluation", "owner");
    }

    @Test
    @SuppressWarnings("unchecked")
    void inShadowModeTheServiceSaysSoShowsEcsRealCountsAndWhatItWouldHaveSet() {
        var window = Statuses.status("iiif", T, WindowState.OK, 500, 50, new Capacity(5, 2, 0)).window();
        Decision d = new Decision("iiif", T, 7, 2, 5, "target-tracking", Reason.TARGET_TRACKING, "rps 500.0 > …",
                Map.of(), List.of());
        var status = new ServiceStatus("owner-1", window, new Capacity(5, 2, 0), d, d, 10, 500);

        Map<String, Object> shadow = ServiceStatusJson.toMap(status, OptionalInt.of(2), null, Actuation.SHADOW,
                new Capacity(2, 2, 0));
        Map<String, Object> act = ServiceStatusJson.toMap(status, OptionalInt.of(2), null, Actuation.ACT,
                new Capacity(5, 2, 3));

        assertThat(shadow).containsEntry("actuation", "shadow").containsEntry("desired", 5)
                .containsEntry("actual", Map.of("desired", 2, "running", 2, "pending", 0));
        assertThat((Map<String, Object>) shadow.get("lastDecision")).containsEntry("shadow", true)
                .containsEntry("from", 2).containsEntry("to", 5)
                .containsEntry("message", "would set 2 → 5: rps 500.0 > …");
        assertThat(act).containsEntry("actuation", "act").doesNotContainKey("actual");
        assertThat((Map<String, Object>) act.get("lastDecision")).doesNotContainKey("shadow")
                .containsEntry("message", "rps 500.0 > …");
        assertThat(ServiceStatusJson.toMap(status, OptionalInt.empty(), null, Actuation.SHADOW, null))
                .as("before the first read").containsEntry("actual", null);
    }
}
