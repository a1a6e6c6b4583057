package io.microscaler.config;

import io.microscaler.policy.TargetMetric;
import io.microscaler.policy.TargetTrackingSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link ServiceConfig}s: each field is the service's own value or, failing that,
 * {@code serviceDefaults.<field>}, and an error names the service's key while saying where an
 * inherited value came from: {@code services.iiif.maxTasks = '1' … (from serviceDefaults.maxTasks, file …)}.
 */
final class ServiceConfigs {

    /** {@code serviceDefaults} checked as a service of its own, so a bad default fails even with no services. */
    static ServiceConfig defaults(RawSettings raw) {
        Map<String, Setting> fields = new LinkedHashMap<>();
        Map<String, Setting> set = new LinkedHashMap<>();
        for (String field : Defaults.SERVICE_FIELDS) {
            Setting setting = raw.fixed(Defaults.SERVICE_DEFAULTS + "." + field);
            fields.put(field, setting);
            if (!setting.origin().equals(Setting.DEFAULT)) {
                set.put(field, setting); // set by the operator: to be blamed before a built-in default
            }
        }
        return build(Defaults.SERVICE_DEFAULTS, Defaults.SERVICE_DEFAULTS, fields, set);
    }

    static ServiceConfig service(RawSettings raw, String id) {
        Map<String, Setting> own = raw.serviceFields(id);
        Map<String, Setting> fields = new LinkedHashMap<>();
        for (String field : Defaults.SERVICE_FIELDS) {
            String defaultsKey = Defaults.SERVICE_DEFAULTS + "." + field;
            Setting setting = own.get(field);
            fields.put(field, setting != null ? setting : raw.fixed(defaultsKey).inheritedAs(defaultsKey));
        }
        return build(id, Defaults.SERVICES + "." + id, fields, own);
    }

    private static ServiceConfig build(String id, String prefix, Map<String, Setting> fields, Map<String, Setting> own) {
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
        Duration stabilisation = Values.duration(k.key("scaleDownStabilisation"), k.at("scaleDownStabilisation"),
                Duration.ZERO, false);
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
        int initial = initialTasks;
        return ConfigLoader.construct(prefix, fields, () -> new ServiceConfig(id, initial,
                new TargetTrackingSettings(metric, target, tolerance, minTasks, maxTasks, stabilisation)));
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
