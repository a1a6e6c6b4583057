package io.microscaler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionJsonTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theWireFormCarriesTheWinnerAndEveryRecommendation() throws IOException {
        Decision d = new Decision("ocr", T, 9, 3, 7, "demand", Reason.DEMAND, "demand: … → 7 tasks (from 3)",
                Map.of("tasks", 3.0, "p95Ms", Double.NaN), List.of(
                        new Recommendation("target-tracking", 3, Reason.WITHIN_TOLERANCE, "rps 300.0 …"),
                        new Recommendation("demand", 7, Reason.DEMAND, "demand: … → 7 tasks")));

        JsonNode json = new ObjectMapper().readTree(DecisionJson.toBytes(d));

        assertThat(json.path("v").asInt()).isEqualTo(1);
        assertThat(json.path("ts").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(json.path("seq").asLong()).isEqualTo(9);
        assertThat(json.path("policy").asText()).isEqualTo("demand");
        assertThat(json.path("reason").asText()).isEqualTo("demand");
        assertThat(json.path("inputs").path("p95Ms").isNull()).isTrue(); // JSON has no NaN
        JsonNode recs = json.path("recommendations");
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).path("policy").asText()).isEqualTo("target-tracking");
        assertThat(recs.get(0).path("count").asInt()).isEqualTo(3);
        assertThat(recs.get(0).path("reason").asText()).isEqualTo("within-tolerance");
        assertThat(recs.get(0).path("message").asText()).isEqualTo("rps 300.0 …");
        assertThat(recs.get(1).path("count").asInt()).isEqualTo(7);
    }

    @Test
    void aDecisionWithoutRecommendationsHasAnEmptyList() throws IOException {
        Decision d = Decision.hold("ocr", T, 3, "service-policy", Reason.WARMING, "warming");

        assertThat(new ObjectMapper().readTree(DecisionJson.toBytes(d)).path("recommendations").isArray()).isTrue();
        assertThat(DecisionJson.toMap(d).get("recommendations")).isEqualTo(List.of());
    }

    @ParameterizedTest
    @CsvSource({
            "SCALE_UP_LIMIT, scale-up-limit",
            "AT_MAX, at-max",
            "SCHEDULED, scheduled",
            "ERROR_GUARD, error-guard",
            "SCALE_DOWN_STABILISED, scale-down-stabilised",
    })
    void reasonsAreKebabCase(Reason reason, String name) {
        assertThat(DecisionJson.reasonName(reason)).isEqualTo(name);
    }

    @Test
    void inShadowModeARecordSaysShadowAndAChangeSaysWhatWouldHaveBeenSet() throws IOException {
        Decision scaleOut = new Decision("iiif", T, 9, 2, 5, "target-tracking", Reason.TARGET_TRACKING,
                "rps 500.0 > target 100 × 2 tasks", Map.of(), List.of());
        Decision hold = Decision.hold("iiif", T, 2, "service-policy", Reason.WARMING, "warming");

        JsonNode shadow = new ObjectMapper().readTree(DecisionJson.toBytes(scaleOut, true));
        JsonNode shadowHold = new ObjectMapper().readTree(DecisionJson.toBytes(hold, true));
        JsonNode act = new ObjectMapper().readTree(DecisionJson.toBytes(scaleOut));

        assertThat(shadow.path("shadow").asBoolean()).isTrue();
        assertThat(shadow.path("message").asText()).isEqualTo("would set 2 → 5: rps 500.0 > target 100 × 2 tasks");
        assertThat(shadow.path("from").asInt()).isEqualTo(2);
        assertThat(shadow.path("to").asInt()).isEqualTo(5);
        assertThat(List.copyOf(DecisionJson.toMap(scaleOut, true).keySet())).containsSubsequence("message", "shadow", "inputs");
        assertThat(shadowHold.path("shadow").asBoolean()).isTrue();
        assertThat(shadowHold.path("message").asText()).as("a hold sets nothing either way").isEqualTo("warming");
        assertThat(act.has("shadow")).as("act mode's wire form is unchanged").isFalse();
        assertThat(act.path("message").asText()).isEqualTo("rps 500.0 > target 100 × 2 tasks");
    }
}
