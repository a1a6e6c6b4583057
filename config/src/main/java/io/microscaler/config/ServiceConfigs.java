package io.microscaler.config;

import io.microscaler.policy.DemandSettings;
import io.microscaler.policy.PanicSettings;
import io.microscaler.policy.PredictiveSettings;
import io.microscaler.policy.RateLimit;
import io.microscaler.policy.ScalingRules;
import io.microscaler.policy.SelectPolicy;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.Step;
import io.microscaler.policy.StepMetric;
import io.microscaler.policy.StepSettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.window.DemandKind;
import io.microscaler.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds {@link ServiceConfig}s: each field is the service's own value or, failing that,
 * {@code serviceDefaults.<field>}, and an error names the service's key while saying where an
 * inherited value came from: {@code services.iiif.maxTasks = '1' … (from serviceDefaults.maxTasks, file …)}.
 */
final class ServiceConfigs {

    private static final String STABLE_SPAN = "windows.stableSpan";

    /** {@code serviceDefaults} checked as a service of its own, so a bad default fails even with no services. */
    static ServiceConfig defaults(RawSettings raw, Instant now) {
        Map<String, Setting> fields = new LinkedHashMap<>();
        Map<String, Setting> set = new LinkedHashMap<>();
        for (String field : Defaults.SERVICE_FIELDS) {
            Setting setting = raw.fixed(Defaults.SERVICE_DEFAULTS + "." + field);
            fields.put(field, setting);
            if (!setting.origin().equals(Setting.DEFAULT)) {
                set.put(field, setting); // set by the operator: to be blamed before a built-in default
            }
        }
        return build(Defaults.SERVICE_DEFAULTS, Defaults.SERVICE_DEFAULTS, fields, set, stableSpan(raw), now);
    }

    /** @param now when the configuration is loaded: schedules are checked from then on */
    static ServiceConfig service(RawSettings raw, String id, Instant now) {
        Map<String, Setting> own = raw.serviceFields(id);
        Map<String, Setting> fields = new LinkedHashMap<>();
        for (String field : Defaults.SERVICE_FIELDS) {
            String defaultsKey = Defaults.SERVICE_DEFAULTS + "." + field;
            Setting setting = own.get(field);
            fields.put(field, setting != null ? setting : raw.fixed(defaultsKey).inheritedAs(defaultsKey));
        }
        return build(id, Defaults.SERVICES + "." + id, fields, own, stableSpan(raw), now);
    }

    /** Panic lasts a stable window past its condition; the loader has already checked this key. */
    private static Duration stableSpan(RawSettings raw) {
        return Values.duration(STABLE_SPAN, raw.fixed(STABLE_SPAN), Duration.ofSeconds(1), true);
    }

    private static ServiceConfig build(String id, String prefix, Map<String, Setting> fields, Map<String, Setting> own,
                                       Duration stableSpan, Instant now) {
        Keys k = new Keys(prefix, fields);
        TargetMetric metric = Values.choice(k.key("metric"), k.at("metric"), TargetMetric.class);
        double target = Values.decimal(k.key("target"), k.at("target"), 0, false, Double.POSITIVE_INFINITY,
                "a number > 0, e.g. 100 or 2.5 (the metric's target per task)");
        double tolerance = Values.decimal(k.key("tolerance"), k.at("tolerance"), 0, true, 1,
                "a number >= 0 and < 1, e.g. 0.1");
        int minTasks = Values.integer(k.key("minTasks"), k.at("minTasks"), 0, Integer.MAX_VALUE, "");
        int maxTasks = Values.integer(k.key("maxTasks"), k.at("maxTasks"), 1, Integer.MAX_VALUE, "");
        if (minTasks > maxTasks) {
            // Name the key the operator set for this service: if only maxTasks was, it is the one to fix.
            if (own.containsKey("maxTasks") && !own.containsKey("minTasks")) {
                throw Values.fail(k.key("maxTasks"), k.at("maxTasks"),
                        "a whole number >= " + k.key("minTasks") + " (" + minTasks + ")");
            }
            throw Values.fail(k.key("minTasks"), k.at("minTasks"),
                    "a whole number <= " + k.key("maxTasks") + " (" + maxTasks + ")");
        }
        int initialTasks = Values.integer(k.key("initialTasks"), k.at("initialTasks"), 0, Integer.MAX_VALUE, "");
        if (initialTasks < minTasks || initialTasks > maxTasks) {
            if (own.containsKey("initialTasks")) {
                throw Values.fail(k.key("initialTasks"), k.at("initialTasks"), "a whole number from "
                        + k.key("minTasks") + " (" + minTasks + ") to " + k.key("maxTasks") + " (" + maxTasks + ")");
            }
            // Not set here: serviceDefaults.initialTasks 1 must not stop a service with minTasks 2
            // from starting; it starts at the nearest count its bounds allow, as scaling would.
            initialTasks = Math.max(minTasks, Math.min(maxTasks, initialTasks));
        }
        OptionalDouble latencyTarget = PolicyValues.isNone(k.at("latencyTarget")) ? OptionalDouble.empty()
                : OptionalDouble.of(Values.duration(k.key("latencyTarget"), k.at("latencyTarget"), Duration.ofMillis(1),
                false).toMillis());
        OptionalDouble errorGuard = PolicyValues.isNone(k.at("errorGuard")) ? OptionalDouble.empty()
                : OptionalDouble.of(Values.decimal(k.key("errorGuard"), k.at("errorGuard"), 0, true, 1,
                "none, or an error ratio >= 0 and < 1, e.g. 0.1 (no scale-in above 10 % errors)"));
        PanicSettings panic = new PanicSettings(Values.bool(k.key("panic"), k.at("panic")),
                Values.decimal(k.key("panicThreshold"), k.at("panicThreshold"), 1, false, 1000,
                        "a number > 1, e.g. 2 (panic at twice the load the ready tasks are sized for)"),
                stableSpan);
        ScalingRules up = rules(k, "scaleUp");
        ScalingRules down = rules(k, "scaleDown");
        Optional<StepSettings> step = step(k);
        Optional<DemandSettings> demand = demand(k);
        if (minTasks == 0 && demand.isEmpty()) {
            throw scaleToZeroRefused(k.key("minTasks"), k.at("minTasks"), k.key("demand"));
        }
        List<Schedule> schedules = ScheduleValues.read(k.key(ScheduleValues.FIELD), k.at(ScheduleValues.FIELD),
                new ScheduleValues.Bounds(prefix, minTasks, maxTasks, demand.isPresent()), now);
        Duration backlogDrain = Values.duration(k.key("backlogDrain"), k.at("backlogDrain"), Duration.ofSeconds(1), false);
        Duration horizon = Values.duration(k.key("predictiveHorizon"), k.at("predictiveHorizon"), Duration.ofSeconds(1), false);
        Optional<PredictiveSettings> predictive = Values.bool(k.key("predictive"), k.at("predictive"))
                ? Optional.of(new PredictiveSettings(horizon)) : Optional.empty();
        ServicePlacement placement = ServicePlacements.read(id, k::key, fields);
        if (minTasks == 0 && placement.mode() == ServicePlacement.Mode.TASKS) {
            // Task mode registers every task in a target group: the same load balancer as above.
            throw Values.fail(k.key("minTasks"), k.at("minTasks"), "a whole number >= 1 where " + k.key("mode")
                    + " is tasks: its tasks are registered in target group '" + placement.targetGroup() + "', and at"
                    + " zero tasks nothing would serve the first requests");
        }
        boolean takeOver = Values.bool(k.key("takeOver"), k.at("takeOver"));
        int initial = initialTasks;
        return ConfigLoader.construct(prefix, fields, () -> new ServiceConfig(id, initial, new ServicePolicySettings(
                metric, target, tolerance, latencyTarget, errorGuard, minTasks, maxTasks, panic, up, down, step, demand,
                backlogDrain, schedules, predictive),
                placement, takeOver));
    }

    /**
     * At zero a service is woken only by demand events: behind a load balancer no task would serve a
     * request, so no request event would ever say there is work again. The rule for {@code minTasks}
     * and for a schedule's {@code minTasks} or {@code tasks}.
     */
    static ConfigException scaleToZeroRefused(String key, Setting s, String demandKey) {
        return Values.fail(key, s, "a whole number >= 1 unless " + demandKey
                + " is set: only a demand-driven worker (a queue) can scale to zero and be woken by its"
                + " demand events; a service behind a load balancer at zero tasks gets no requests, sends no"
                + " events and would never scale out again");
    }

    /** {@code scaleUp*} or {@code scaleDown*}: stabilisation, limits, select, cooldown. */
    private static ScalingRules rules(Keys k, String direction) {
        Duration stabilisation = Values.duration(k.key(direction + "Stabilisation"), k.at(direction + "Stabilisation"),
                Duration.ZERO, false);
        List<RateLimit> limits = PolicyValues.rateLimits(k.key(direction + "Limits"), k.at(direction + "Limits"));
        SelectPolicy select = Values.choice(k.key(direction + "Select"), k.at(direction + "Select"), SelectPolicy.class);
        Duration cooldown = Values.duration(k.key(direction + "Cooldown"), k.at(direction + "Cooldown"),
                Duration.ZERO, false);
        return new ScalingRules(stabilisation, limits, select, cooldown);
    }

    private static Optional<StepSettings> step(Keys k) {
        List<Step> steps = PolicyValues.steps(k.key("steps"), k.at("steps"));
        boolean noMetric = PolicyValues.isNone(k.at("stepMetric"));
        if (noMetric && steps.isEmpty()) {
            return Optional.empty();
        }
        if (noMetric) {
            throw Values.fail(k.key("stepMetric"), k.at("stepMetric"),
                    "one of: " + stepMetricNames() + " (" + k.key("steps") + " is set)");
        }
        StepMetric metric = null;
        for (StepMetric m : StepMetric.values()) {
            if (m.configName().equals(k.at("stepMetric").value().strip())) {
                metric = m;
            }
        }
        if (metric == null) {
            throw Values.fail(k.key("stepMetric"), k.at("stepMetric"), "none, or one of: " + stepMetricNames());
        }
        if (steps.isEmpty()) {
            throw Values.fail(k.key("steps"), k.at("steps"), PolicyValues.STEPS_EXPECTED.substring("none, or ".length())
                    + " (" + k.key("stepMetric") + " is set)");
        }
        double threshold = Values.decimal(k.key("stepThreshold"), k.at("stepThreshold"), Double.NEGATIVE_INFINITY,
                false, Double.POSITIVE_INFINITY, "a number, e.g. 500 (the step metric's threshold)");
        StepMetric chosen = metric;
        return Optional.of(ConfigLoader.construct(k.prefix(), k.fields(), () -> new StepSettings(chosen, threshold, steps)));
    }

    private static Optional<DemandSettings> demand(Keys k) {
        if (PolicyValues.isNone(k.at("demand"))) {
            return Optional.empty();
        }
        DemandKind kind = DemandKind.fromWireName(k.at("demand").value().strip());
        if (kind != DemandKind.QUEUE_DEPTH && kind != DemandKind.DESIRED_TASKS) {
            throw Values.fail(k.key("demand"), k.at("demand"), "one of: none, queue-depth, desired-tasks");
        }
        double throughput = Values.decimal(k.key("throughputPerTask"), k.at("throughputPerTask"), 0, false,
                Double.POSITIVE_INFINITY, "a number > 0: items one task completes per second, e.g. 5");
        Duration drain = Values.duration(k.key("drainTime"), k.at("drainTime"), Duration.ofMillis(1), false);
        return Optional.of(new DemandSettings(kind, throughput, drain));
    }

    private static String stepMetricNames() {
        return String.join(", ", java.util.Arrays.stream(StepMetric.values()).map(StepMetric::configName).toList());
    }

    /** The dotted key and setting of each field under one prefix. */
    private record Keys(String prefix, Map<String, Setting> fields) {
        String key(String field) {
            return prefix + "." + field;
        }

        Setting at(String field) {
            return fields.get(field);
        }
    }

    private ServiceConfigs() {
    }
}
