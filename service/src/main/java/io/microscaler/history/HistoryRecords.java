package io.microscaler.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.forecast.ClosedSlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of the forecast history topic, keyed by the service (so it lands on the service's
 * home partition): {@code {"v":1,"service":"iiif","start":1796083800,"seconds":60,"rate":123.5}},
 * the slot's first second (epoch seconds), its length and its busy rate in requests/s.
 */
public final class HistoryRecords {

    /** Far above any record this writes (about 80 bytes): a bigger one is not read at all. */
    static final int MAX_BYTES = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A record read back: whose slot it is. */
    public record Entry(String service, ClosedSlot slot) {
    }

    public static byte[] key(String service) {
        return service.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(String service, ClosedSlot slot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("service", service);
        m.put("start", slot.start());
        m.put("seconds", slot.seconds());
        m.put("rate", slot.rate());
        try {
            return MAPPER.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("a map of numbers and a string always serialises", e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong, for the dead-letter topic */
    public static Entry read(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException("value of " + value.length + " bytes, more than " + MAX_BYTES);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!node.path("v").isInt() || node.path("v").asInt() != 1) {
            throw new IllegalArgumentException("\"v\" must be 1, but was " + node.path("v"));
        }
        JsonNode service = node.path("service");
        if (!service.isTextual() || service.asText().isBlank()) {
            throw new IllegalArgumentException("\"service\" must be a non-blank string, but was " + service);
        }
        long start = whole(node, "start", 0, Long.MAX_VALUE / 2);
        int seconds = (int) whole(node, "seconds", 1, 86_400);
        JsonNode rate = node.path("rate");
        if (!rate.isNumber() || !(rate.asDouble() >= 0) || Double.isInfinite(rate.asDouble())) {
            throw new IllegalArgumentException("\"rate\" must be a finite number >= 0, but was " + rate);
        }
        return new Entry(service.asText(), new ClosedSlot(start, seconds, rate.asDouble()));
    }

    private static long whole(JsonNode node, String field, long min, long max) {
        JsonNode v = node.path(field);
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number in [" + min + ", " + max
                    + "], but was " + v);
        }
        return v.asLong();
    }

    private HistoryRecords() {
    }
}
