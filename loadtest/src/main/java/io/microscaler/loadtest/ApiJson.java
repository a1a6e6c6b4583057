package io.microscaler.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the autoscaler's {@code /api/services} and {@code /api/decisions} answers. Lenient: a
 * field that is missing or null is "no data", so the timeline works with older and newer
 * versions of the API (a {@code healthy} count, where the API gives one, is used).
 */
public final class ApiJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The named service's entry as a sample taken at {@code epochMillis}; empty if the service is not listed. */
    public static Optional<TimelineSample> sample(String servicesJson, String service, long epochMillis) throws IOException {
        for (JsonNode s : JSON.readTree(servicesJson)) {
            if (service.equals(s.path("service").asText())) {
                JsonNode panic = s.path("panic");
                return Optional.of(new TimelineSample(epochMillis, number(panic, "rps"), number(panic, "p95Ms"),
                        number(s, "rps"), number(s, "p95Ms"), count(s, "desired"), count(s, "running"),
                        count(s, "pending"), count(s, "healthy"), s.path("state").asText("?")));
            }
        }
        return Optional.empty();
    }

    /** The decisions in a {@code /api/decisions} answer (newest first there), oldest first. */
    public static List<DecisionMark> decisions(String decisionsJson) throws IOException {
        List<DecisionMark> out = new ArrayList<>();
        for (JsonNode d : JSON.readTree(decisionsJson)) {
            out.add(0, new DecisionMark(d.path("ts").asLong(), d.path("seq").asLong(), d.path("from").asInt(),
                    d.path("to").asInt(), d.path("policy").asText("?"), d.path("reason").asText("?"),
                    d.path("message").asText("")));
        }
        return out;
    }

    static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    static OptionalInt count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? OptionalInt.empty() : OptionalInt.of(v.asInt());
    }

    private ApiJson() {
    }
}
