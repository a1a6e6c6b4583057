package io.microscaler.api;

import io.microscaler.audit.DecisionJson;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages of {@code /api/stream}, as server-sent events (one JSON object per event):
 * <ul>
 *   <li>{@code hello}, once per connection: {@code {"t", "historySeconds", "services": [{…service,
 *       "points": [point…]}], "decisions": [decision…, newest first]}};</li>
 *   <li>{@code tick}, every second: {@code {"t", "services": [{…service, "point": point}],
 *       "decisions": [decisions published since the last tick]}}.</li>
 * </ul>
 * A service is {@code {"service", "state", "owner", "latencyTargetMs", "minTasks", "maxTasks",
 * "panicSpanSeconds"}}, a point is {@link StatusPoint#toMap()}, a decision
 * {@code {"service", "ts", "seq", "from", "to", "policy", "reason", "message"}}.
 */
final class StreamEvents {

    /** One server-sent event; JSON escapes line breaks, so the data is one line. */
    static String event(String name, long id, Map<String, Object> body) {
        return "event: " + name + "\nid: " + id + "\ndata: " + Json.encode(body) + "\n\n";
    }

    static Map<String, Object> hello(long nowMillis, long historySeconds, List<Map<String, Object>> services,
                                     List<Decision> newestFirst, boolean shadow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", nowMillis);
        m.put("historySeconds", historySeconds);
        m.put("services", services);
        m.put("decisions", decisions(newestFirst, shadow));
        return m;
    }

    static Map<String, Object> tick(long nowMillis, List<Map<String, Object>> services, List<Decision> published,
                                    boolean shadow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", nowMillis);
        m.put("services", services);
        m.put("decisions", decisions(published, shadow));
        return m;
    }

    /**
     * A service's description: from its newest status when this instance owns it (null when it no
     * longer does, for a service only the history still holds), and its configured targets.
     */
    static Map<String, Object> service(String service, ServiceStatus status, ServiceTargets targets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("state", status == null ? "gone" : status.window().state().name().toLowerCase(Locale.ROOT));
        m.put("owner", status == null ? null : status.owner());
        m.put("latencyTargetMs", targets == null ? null : targets.latencyTargetMs());
        m.put("minTasks", targets == null ? null : targets.minTasks());
        m.put("maxTasks", targets == null ? null : targets.maxTasks());
        m.put("panicSpanSeconds", status == null ? null : status.window().panic().span().toSeconds());
        return m;
    }

    /** In shadow mode each with {@code "shadow": true}, and a change's message saying "would set N → M". */
    static List<Map<String, Object>> decisions(List<Decision> decisions, boolean shadow) {
        List<Map<String, Object>> out = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", d.service());
            m.put("ts", d.at().toEpochMilli());
            m.put("seq", d.seq());
            m.put("from", d.from());
            m.put("to", d.to());
            m.put("policy", d.policy());
            m.put("reason", DecisionJson.reasonName(d.reason()));
            m.put("message", DecisionJson.message(d, shadow));
            if (shadow) {
                m.put("shadow", true);
            }
            out.add(m);
        }
        return out;
    }

    private StreamEvents() {
    }
}
