package io.microscaler.api;

import io.microscaler.override.ServiceOverrides;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A service's overrides as {@code /api/services} and the admin API show them: {@code paused} and
 * {@code pin}, each null when there is none; times in epoch milliseconds.
 * <pre>
 * "paused": {"by":"alice","reason":"incident 42","since":1765000000000},
 * "pin": {"count":6,"by":"bob","reason":"deploy","since":…,"until":…,"holding":true}
 * </pre>
 * {@code holding} is false once the pin's expiry has passed (the pin then no longer acts; it is shown
 * until it is replaced or released, so the last one stays visible).
 */
final class OverridesJson {

    static Map<String, Object> put(Map<String, Object> m, Optional<ServiceOverrides> overrides, Instant now) {
        m.put("paused", overrides.flatMap(ServiceOverrides::pause).map(p -> {
            Map<String, Object> pause = new LinkedHashMap<>();
            pause.put("by", p.by());
            pause.put("reason", p.reason());
            pause.put("since", p.at().toEpochMilli());
            return (Object) pause;
        }).orElse(null));
        m.put("pin", overrides.flatMap(ServiceOverrides::pin).map(p -> {
            Map<String, Object> pin = new LinkedHashMap<>();
            pin.put("count", p.count());
            pin.put("by", p.by());
            pin.put("reason", p.reason());
            pin.put("since", p.at().toEpochMilli());
            pin.put("until", p.until().toEpochMilli());
            pin.put("holding", p.holdsAt(now));
            return (Object) pin;
        }).orElse(null));
        return m;
    }

    static Map<String, Object> of(String service, Optional<ServiceOverrides> overrides, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        return put(m, overrides, now);
    }

    private OverridesJson() {
    }
}
