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
}
