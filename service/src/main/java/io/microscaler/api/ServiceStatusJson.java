package io.microscaler.api;

import io.microscaler.audit.DecisionJson;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.ServiceProblem;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.microscaler.policy.Capacity;
import io.microscaler.schedule.ActiveSchedule;
import io.microscaler.schedule.Schedule;
import io.microscaler.window.Pipeline;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalInt;

/** The JSON shape of one entry of {@code /api/services}. */
final class ServiceStatusJson {

    /** The state of a configured service before any event of it reached an owner here. */
    static final String NO_DATA = "no-data";

    static Map<String, Object> toMap(ServiceStatus s) {
        return toMap(s, OptionalInt.empty(), null);
    }

    /**
     * With the healthy tasks the actuator last read ({@code healthy}, null where it cannot tell) and
     * the service's configured p95 target ({@code latencyTargetMs}, null without one).
     */
    static Map<String, Object> toMap(ServiceStatus s, OptionalInt healthy, ServiceTargets targets) {
        return toMap(s, healthy, targets, Actuation.ACT, null);
    }

    /**
     * With what the actuator does ({@code "actuation"}). In shadow mode the counts ({@code desired},
     * {@code running}, {@code pending}) are the policy's: the count it would have set, with the real
     * running and pending tasks; {@code "actual"} has ECS's real counts as last read ({@code read},
     * null before the first read), and decisions carry {@code "shadow": true} and "would set N → M".
     */
    static Map<String, Object> toMap(ServiceStatus s, OptionalInt healthy, ServiceTargets targets,
                                     Actuation actuation, Capacity read) {
        boolean shadow = actuation == Actuation.SHADOW;
        WindowSnapshot w = s.window();
        Capacity c = s.capacity();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.service());
        m.put("state", w.state().name().toLowerCase(Locale.ROOT));
        m.put("desired", c == null ? null : c.desired());
        m.put("running", c == null ? null : c.running());
        m.put("pending", c == null ? null : c.pending());
        m.put("healthy", healthy.isPresent() ? healthy.getAsInt() : null);
        m.put("latencyTargetMs", targets == null ? null : targets.latencyTargetMs());
        putSpan(m, w.stable());
        m.put("panic", span(w.panic()));
        m.put("lastEventTs", w.lastEventAt() == null ? null : w.lastEventAt().toEpochMilli());
        m.put("recordedEvents", s.recordedEvents());
        m.put("recordedRequests", s.recordedRequests());
        Map<String, Object> demand = new LinkedHashMap<>();
        w.demand().forEach((kind, signal) -> demand.put(kind.wireName(), signal.value()));
        m.put("demand", demand);
        m.put("pipeline", pipeline(w.pipeline()));
        m.put("lastDecision", decision(s.lastDecision(), shadow));
        m.put("lastEvaluation", decision(s.lastEvaluation(), shadow));
        m.put("owner", s.owner());
        m.put("actuation", actuation.wireName());
        if (shadow) {
            m.put("actual", read == null ? null : counts(read));
        }
        return m;
    }

    /**
     * What the log shippers' heartbeats say (docs/architecture.md, "Quiet is not broken"), or null for
     * a service without any: {@code idle} true when no request came within the staleness limit but a
     * shipper did, so zero load is measured, not assumed.
     */
    private static Map<String, Object> pipeline(Pipeline p) {
        if (p.lastHeartbeatAt() == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastHeartbeatTs", p.lastHeartbeatAt().toEpochMilli());
        m.put("liveSources", p.liveSources());
        m.put("silentSources", p.silentSources());
        m.put("idle", p.idle());
        return m;
    }

    /**
     * A configured service no owner here has reported on yet (no event since start, or owned by
     * another instance): state {@code no-data}, the counts the actuator read if any, the rest null,
     * with the same keys as a service with data.
     */
    static Map<String, Object> noData(String service, CapacityObserved observed, OptionalInt healthy,
                                      ServiceTargets targets) {
        return noData(service, observed, healthy, targets, Actuation.ACT);
    }

    /** As {@link #noData(String, CapacityObserved, OptionalInt, ServiceTargets)}, saying what the actuator does. */
    static Map<String, Object> noData(String service, CapacityObserved observed, OptionalInt healthy,
                                      ServiceTargets targets, Actuation actuation) {
        Capacity c = observed == null ? null : observed.capacity();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("state", NO_DATA);
        m.put("desired", c == null ? null : c.desired());
        m.put("running", c == null ? null : c.running());
        m.put("pending", c == null ? null : c.pending());
        m.put("healthy", healthy.isPresent() ? healthy.getAsInt() : null);
        m.put("latencyTargetMs", targets == null ? null : targets.latencyTargetMs());
        for (String k : new String[] {"spanSeconds", "rps", "concurrency", "p50Ms", "p95Ms", "p99Ms", "errorRatio"}) {
            m.put(k, null);
        }
        m.put("panic", null);
        m.put("lastEventTs", null);
        m.put("recordedEvents", 0L);
        m.put("recordedRequests", 0L);
        m.put("demand", Map.of());
        m.put("pipeline", null);
        m.put("lastDecision", null);
        m.put("lastEvaluation", null);
        m.put("owner", null);
        m.put("actuation", actuation.wireName());
        if (actuation == Actuation.SHADOW) {
            m.put("actual", c == null ? null : counts(c));
        }
        return m;
    }

    /**
     * The service's schedules ({@code "schedules"}, each with {@code active}) and the one active at
     * {@code now} ({@code "schedule"}: its name, the bounds in force, until when, and in words), or
     * null. A service without schedules has an empty list and a null {@code schedule}.
     */
    static Map<String, Object> withSchedules(Map<String, Object> m, ServiceTargets targets, Instant now) {
        if (targets == null) {
            m.put("schedules", List.of());
            m.put("schedule", null);
            return m;
        }
        Optional<ActiveSchedule> active = targets.schedules().activeAt(now);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Schedule s : targets.schedules().list()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("start", s.start().toString());
            e.put("end", s.end().toString());
            e.put("timeZone", s.zone().getId());
            e.put("minTasks", s.minTasks().isPresent() ? s.minTasks().getAsInt() : null);
            e.put("maxTasks", s.maxTasks().isPresent() ? s.maxTasks().getAsInt() : null);
            e.put("active", active.isPresent() && active.get().schedule() == s);
            list.add(e);
        }
        m.put("schedules", list);
        m.put("schedule", active.map(a -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", a.name());
            e.put("minTasks", a.schedule().minTasks(targets.minTasks()));
            e.put("maxTasks", a.schedule().maxTasks(targets.maxTasks()));
            e.put("until", a.until().map(Instant::toEpochMilli).orElse(null));
            e.put("text", a.describe(now));
            return e;
        }).orElse(null));
        return m;
    }

    /** The service's problem as {@code cause: message}, or null; and when it was first seen. */
    static Map<String, Object> withProblem(Map<String, Object> m, ServiceProblem problem) {
        m.put("problem", problem == null ? null : problem.cause() + ": " + problem.message());
        m.put("problemSince", problem == null ? null : problem.since().toEpochMilli());
        return m;
    }

    private static Map<String, Object> span(SpanStats stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        putSpan(m, stats);
        return m;
    }

    private static void putSpan(Map<String, Object> m, SpanStats s) {
        m.put("spanSeconds", s.span().toSeconds());
        m.put("rps", number(s.rate()));
        m.put("concurrency", number(s.concurrency()));
        m.put("p50Ms", number(s.p50Ms()));
        m.put("p95Ms", number(s.p95Ms()));
        m.put("p99Ms", number(s.p99Ms()));
        m.put("errorRatio", number(s.errorRatio()));
    }

    private static Map<String, Object> counts(Capacity c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("desired", c.desired());
        m.put("running", c.running());
        m.put("pending", c.pending());
        return m;
    }

    private static Map<String, Object> decision(Decision d, boolean shadow) {
        if (d == null) {
            return null;
        }
        Map<String, Object> full = DecisionJson.toMap(d, shadow);
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"from", "to", "policy", "reason", "message", "shadow", "ts", "seq", "recommendations"}) {
            if (full.containsKey(k)) {
                m.put(k, full.get(k));
            }
        }
        return m;
    }

    /** JSON has no NaN: a figure without data is null. */
    private static Double number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000.0) / 1000.0;
    }

    private ServiceStatusJson() {
    }
}
