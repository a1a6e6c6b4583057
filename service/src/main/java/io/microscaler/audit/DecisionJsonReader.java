package io.microscaler.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a decision back from its wire form ({@link DecisionJson}): what one instance wrote, another
 * reads (the cluster planner's wishes and grants travel so). Strict: a missing or mistyped field is
 * an {@link IllegalArgumentException} naming it, for the dead-letter topic; nothing is guessed.
 */
public final class DecisionJsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Decision read(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        return read(node);
    }

    public static Decision read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a decision must be a JSON object");
        }
        Map<String, Double> inputs = new LinkedHashMap<>();
        JsonNode in = node.path("inputs");
        if (!in.isMissingNode() && !in.isObject()) {
            throw new IllegalArgumentException("inputs must be an object");
        }
        // JSON has no NaN: the writer turned an input without data into null.
        in.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
        List<Recommendation> recommendations = new ArrayList<>();
        for (JsonNode r : node.path("recommendations")) {
            recommendations.add(new Recommendation(text(r, "policy"), (int) number(r, "count"), reason(text(r, "reason")),
                    text(r, "message")));
        }
        try {
            return new Decision(text(node, "service"), Instant.ofEpochMilli(number(node, "ts")), number(node, "seq"),
                    (int) number(node, "from"), (int) number(node, "to"), text(node, "policy"),
                    reason(text(node, "reason")), text(node, "message"), inputs, recommendations);
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException(e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return v.asLong();
    }

    /** {@code scale-down-stabilised} → {@link Reason#SCALE_DOWN_STABILISED}: the inverse of {@link DecisionJson#reasonName}. */
    private static Reason reason(String name) {
        try {
            return Reason.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reason \"" + name + "\" is not one of microscaler's reasons");
        }
    }

    private DecisionJsonReader() {
    }
}
