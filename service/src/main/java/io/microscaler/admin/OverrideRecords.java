package io.microscaler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.bus.AdminAction;
import io.microscaler.override.Pause;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admin topic's records. One key per service and kind, so that a pause and a pin never
 * overwrite each other and compaction keeps the latest of each:
 * <pre>
 * pause:iiif  {"v":1,"service":"iiif","kind":"pause","active":true,"by":"alice","reason":"incident 42","at":1765000000000}
 * pin:iiif    {"v":1,"service":"iiif","kind":"pin","active":true,"count":6,"until":1765003600000,"by":"bob","reason":"…","at":…}
 * pin:iiif    {"v":1,"service":"iiif","kind":"pin","active":false,"by":"bob","reason":"deploy done","at":…}   (released)
 * </pre>
 * A record that ends an override is kept (not a tombstone): it says who ended it and why. A
 * tombstone (null value) is read as "none".
 */
public final class OverrideRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record's key for an action: {@code pause:<service>} for pause and resume, {@code pin:<service>} for pin and release. */
    public static String key(AdminAction action) {
        return kindOf(action.kind()) + ":" + action.service();
    }

    public static byte[] value(AdminAction action) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("service", action.service());
        m.put("kind", kindOf(action.kind()));
        boolean active = action.kind() == AdminAction.Kind.PAUSE || action.kind() == AdminAction.Kind.PIN;
        m.put("active", active);
        action.count().ifPresent(c -> m.put("count", c));
        action.until().ifPresent(u -> m.put("until", u.toEpochMilli()));
        m.put("by", action.by());
        m.put("reason", action.reason());
        m.put("at", action.at().toEpochMilli());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("an admin record always serialises", e);
        }
    }

    /**
     * The service's overrides after the record: {@code before} with the record's kind replaced.
     *
     * @throws IllegalArgumentException for a record that is not one of ours
     */
    public static ServiceOverrides apply(ServiceOverrides before, String key, byte[] value) {
        String kind = key.substring(0, key.indexOf(':'));
        if (value == null) {
            return kind.equals("pause") ? before.withPause(Optional.empty()) : before.withPin(Optional.empty());
        }
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || n.path("v").asInt() != 1 || !n.path("kind").asText().equals(kind)) {
            throw new IllegalArgumentException("not a version 1 " + kind + " record");
        }
        boolean active = n.path("active").asBoolean(false);
        String by = text(n, "by");
        String reason = text(n, "reason");
        Instant at = Instant.ofEpochMilli(n.path("at").asLong());
        if (kind.equals("pause")) {
            return before.withPause(active ? Optional.of(new Pause(by, reason, at)) : Optional.empty());
        }
        if (!active) {
            return before.withPin(Optional.empty());
        }
        if (!n.path("count").canConvertToInt() || !n.path("until").canConvertToLong()) {
            throw new IllegalArgumentException("a pin without count or until");
        }
        return before.withPin(Optional.of(new Pin(n.path("count").asInt(), by, reason, at,
                Instant.ofEpochMilli(n.path("until").asLong()))));
    }

    /** The service a key is about: {@code pin:iiif} → {@code iiif}; null for a key that is none of ours. */
    public static String serviceOf(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String kind = key.substring(0, colon);
        return kind.equals("pause") || kind.equals("pin") ? key.substring(colon + 1) : null;
    }

    private static String kindOf(AdminAction.Kind kind) {
        return switch (kind) {
            case PAUSE, RESUME -> "pause";
            case PIN, RELEASE, PIN_EXPIRED -> "pin";
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.path(field);
        if (!f.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return f.asText();
    }

    private OverrideRecords() {
    }
}
