package io.microscaler.capacity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.audit.DecisionJson;
import io.microscaler.audit.DecisionJsonReader;
import io.microscaler.decision.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records between the instances and the one cluster planner.
 *
 * <p>Wishes topic (compacted; read whole by the planner's leader): {@code {"v":1,"kind":"wish",
 * "decision":{…}}} under key {@code wish/<service>}, the latest policy decision of a service, and
 * {@code {"v":1,"kind":"observed","service":…,"desired":n,"ts":ms}} under key
 * {@code observed/<service>}, the count its owner last read. Two keys per service, so compaction
 * keeps one of each.
 *
 * <p>Grants topic (keyed by service): {@code {"v":1,"kind":"apply"|"announce","decision":{…}}}:
 * a count for the owner's actuator, or an adjusted decision for its audit, API and status page.
 */
public final class PlanRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the planner reads from the wishes topic. */
    public sealed interface WishRecord permits Wish, Observed {
        String service();
    }

    public record Wish(Decision decision) implements WishRecord {
        @Override
        public String service() {
            return decision.service();
        }
    }

    public record Observed(String service, int desired, Instant at) implements WishRecord {
    }

    /** What an owner reads from the grants topic. */
    public record Grant(boolean apply, Decision decision) {
    }

    public static byte[] wishKey(String service) {
        return ("wish/" + service).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] observedKey(String service) {
        return ("observed/" + service).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] wish(Decision d) {
        return write(Map.of("v", 1, "kind", "wish", "decision", DecisionJson.toMap(d)));
    }

    public static byte[] observed(String service, int desired, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("kind", "observed");
        m.put("service", service);
        m.put("desired", desired);
        m.put("ts", at.toEpochMilli());
        return write(m);
    }

    public static byte[] grant(boolean apply, Decision d) {
        return write(Map.of("v", 1, "kind", apply ? "apply" : "announce", "decision", DecisionJson.toMap(d)));
    }

    /** @throws IllegalArgumentException naming what is wrong, for the dead-letter topic */
    public static WishRecord readWish(byte[] value) {
        JsonNode node = object(value);
        return switch (kind(node)) {
            case "wish" -> new Wish(DecisionJsonReader.read(node.get("decision")));
            case "observed" -> {
                JsonNode service = node.get("service");
                JsonNode desired = node.get("desired");
                JsonNode ts = node.get("ts");
                if (service == null || !service.isTextual() || desired == null || !desired.isInt()
                        || desired.asInt() < 0 || ts == null || !ts.isIntegralNumber()) {
                    throw new IllegalArgumentException("an observed record needs service (string), desired (integer ≥ 0) and ts");
                }
                yield new Observed(service.asText(), desired.asInt(), Instant.ofEpochMilli(ts.asLong()));
            }
            default -> throw new IllegalArgumentException("kind \"" + kind(node) + "\" is not wish or observed");
        };
    }

    /** @throws IllegalArgumentException naming what is wrong, for the dead-letter topic */
    public static Grant readGrant(byte[] value) {
        JsonNode node = object(value);
        String kind = kind(node);
        if (!kind.equals("apply") && !kind.equals("announce")) {
            throw new IllegalArgumentException("kind \"" + kind + "\" is not apply or announce");
        }
        return new Grant(kind.equals("apply"), DecisionJsonReader.read(node.get("decision")));
    }

    private static JsonNode object(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        try {
            JsonNode node = MAPPER.readTree(value);
            if (node == null || !node.isObject() || node.path("v").asInt() != 1) {
                throw new IllegalArgumentException("not a version 1 plan record");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    private static String kind(JsonNode node) {
        return node.path("kind").asText("");
    }

    private static byte[] write(Map<String, Object> m) {
        try {
            return MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan record always serialises", e);
        }
    }

    private PlanRecords() {
    }
}
