package io.microscaler.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of a decision (docs/design.md section 2), shared by the audit topic and the HTTP API:
 * {@code {"v":1,"service":…,"ts":<epoch ms>,"seq":…,"from":4,"to":7,"policy":…,"reason":…,"message":…,"inputs":{…},
 * "recommendations":[{"policy":…,"count":…,"reason":…,"message":…}]}}: the policy that won, and what
 * every policy of the service recommended (empty for a hold made before any was asked).
 */
public final class DecisionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The decision as an ordered map, ready for any JSON writer. */
    public static Map<String, Object> toMap(Decision d) {
        return toMap(d, false);
    }

    /**
     * As {@link #toMap(Decision)}; in shadow mode ({@code actuator.mode: shadow}) with
     * {@code "shadow": true} after the message, and the message of a decision that changes the count
     * saying what would have been set ({@link #message}). Act mode's form is unchanged.
     */
    public static Map<String, Object> toMap(Decision d, boolean shadow) {
        Map<String, Object> m = fields(d);
        if (shadow) {
            m.put("message", message(d, true));
            Map<String, Object> ordered = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                ordered.put(k, v);
                if (k.equals("message")) {
                    ordered.put("shadow", true);
                }
            });
            return ordered;
        }
        return m;
    }

    /**
     * The decision's message; in shadow mode one that changes the count starts "would set N → M: ",
     * since nothing was set: {@code would set 2 → 5: concurrency 41.2 over 6 s …}.
     */
    public static String message(Decision d, boolean shadow) {
        return shadow && d.changesCount() ? "would set " + d.from() + " → " + d.to() + ": " + d.message() : d.message();
    }

    private static Map<String, Object> fields(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("service", d.service());
        m.put("ts", d.at().toEpochMilli());
        m.put("seq", d.seq());
        m.put("from", d.from());
        m.put("to", d.to());
        m.put("policy", d.policy());
        m.put("reason", reasonName(d.reason()));
        m.put("message", d.message());
        Map<String, Object> inputs = new TreeMap<>();
        // JSON has no NaN: an input without data is null.
        d.inputs().forEach((k, v) -> inputs.put(k, v == null || v.isNaN() || v.isInfinite() ? null : v));
        m.put("inputs", inputs);
        m.put("recommendations", recommendations(d.recommendations()));
        return m;
    }

    /** Each recommendation as {@code {"policy","count","reason","message"}}, in the decision's order. */
    public static List<Map<String, Object>> recommendations(List<Recommendation> recommendations) {
        List<Map<String, Object>> list = new ArrayList<>(recommendations.size());
        for (Recommendation r : recommendations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", r.policy());
            m.put("count", r.count());
            m.put("reason", reasonName(r.reason()));
            m.put("message", r.message());
            list.add(m);
        }
        return list;
    }

    public static byte[] toBytes(Decision d) {
        return toBytes(d, false);
    }

    /** The wire form, in shadow mode with {@code "shadow": true} (see {@link #toMap(Decision, boolean)}). */
    public static byte[] toBytes(Decision d, boolean shadow) {
        try {
            return MAPPER.writeValueAsBytes(toMap(d, shadow));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision always serialises", e);
        }
    }

    /** {@code SCALE_DOWN_STABILISED} → {@code scale-down-stabilised}. */
    public static String reasonName(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private DecisionJson() {
    }
}
