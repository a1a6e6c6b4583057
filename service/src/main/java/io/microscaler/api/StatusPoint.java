package io.microscaler.api;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.policy.Capacity;
import io.microscaler.window.SpanStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One service at one second, as the status page plots it. Load and latency come from the panic
 * span (default 6 s), not the stable one: the page should show a spike as it happens, and a 60 s
 * average would smear it over a minute.
 *
 * @param at       epoch milliseconds of the API's tick that took it
 * @param state    {@code ok}, {@code unknown} or {@code warming}
 * @param rps      requests per second over the panic span, or null without data
 * @param p95Ms    p95 latency over the panic span, or null without data
 * @param desired  the task counts; null while unknown
 * @param healthy  healthy tasks as the actuator last read them; null where it cannot tell
 */
public record StatusPoint(long at, String state, Double rps, Double p95Ms, Integer desired, Integer running,
                          Integer pending, Integer healthy) {

    /** The service's newest status, with the healthy count the actuator reported, at {@code atMillis}. */
    public static StatusPoint of(ServiceStatus status, OptionalInt healthy, long atMillis) {
        SpanStats recent = status.window().panic();
        Capacity c = status.capacity();
        return new StatusPoint(atMillis, status.window().state().name().toLowerCase(Locale.ROOT),
                number(recent.rate()), number(recent.p95Ms()),
                c == null ? null : c.desired(), c == null ? null : c.running(), c == null ? null : c.pending(),
                healthy.isPresent() ? healthy.getAsInt() : null);
    }

    /** The JSON shape: {@code {"t","state","rps","p95Ms","desired","running","pending","healthy"}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", at);
        m.put("state", state);
        m.put("rps", rps);
        m.put("p95Ms", p95Ms);
        m.put("desired", desired);
        m.put("running", running);
        m.put("pending", pending);
        m.put("healthy", healthy);
        return m;
    }

    /** JSON has no NaN: a figure without data is null; one decimal is all a chart shows. */
    private static Double number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10.0) / 10.0;
    }
}
