package io.microscaler.testing;

import java.nio.charset.StandardCharsets;

/** Builds the JSON of valid events (docs/design.md section 2). */
public final class Events {

    public static byte[] request(String service, long ts, long latencyMs, int status) {
        return ("{\"v\":1,\"service\":\"" + service + "\",\"ts\":" + ts + ",\"latencyMs\":" + latencyMs
                + ",\"status\":" + status + ",\"bytes\":48211,\"task\":\"t-1\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] key(String service) {
        return service.getBytes(StandardCharsets.UTF_8);
    }

    private Events() {
    }
}
