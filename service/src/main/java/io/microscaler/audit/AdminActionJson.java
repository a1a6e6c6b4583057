package io.microscaler.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.bus.AdminAction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An admin action on the audit topic, beside the decisions and told apart from them by
 * {@code "type":"admin"}: who did what to which service, why, and when.
 * <pre>
 * {"v":1,"type":"admin","service":"iiif","ts":1765000000000,"action":"pin","by":"alice","reason":"incident 42","count":6,"until":1765003600000}
 * </pre>
 * {@code action} is {@code pause}, {@code resume}, {@code pin}, {@code release} or {@code pin-expired}
 * (by {@code microscaler}: the owner saw the pin's expiry pass).
 */
public final class AdminActionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Map<String, Object> toMap(AdminAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("type", "admin");
        m.put("service", a.service());
        m.put("ts", a.at().toEpochMilli());
        m.put("action", a.kind().label());
        m.put("by", a.by());
        m.put("reason", a.reason());
        a.count().ifPresent(c -> m.put("count", c));
        a.until().ifPresent(u -> m.put("until", u.toEpochMilli()));
        return m;
    }

    public static byte[] toBytes(AdminAction a) {
        try {
            return MAPPER.writeValueAsBytes(toMap(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an admin action always serialises", e);
        }
    }

    private AdminActionJson() {
    }
}
