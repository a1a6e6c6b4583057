package io.microscaler.emitter;

import java.nio.charset.StandardCharsets;

/** microscaler's summary event (docs: README, "Events"), written by hand: no JSON library needed. */
final class SummaryJson {

    private SummaryJson() {
    }

    /**
     * @param service a service id: letters, digits, '-', '_', '.', ':' and '/' only (checked by
     *                {@link SummaryEmitter}), so it needs no escaping
     * @param tsMillis the interval's end, epoch milliseconds
     */
    static byte[] summary(String service, long tsMillis, long intervalMs, RequestSummaries.Interval i) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + service + "\",\"ts\":" + tsMillis
                + ",\"intervalMs\":" + intervalMs + ",\"count\":" + i.count() + ",\"errors\":" + i.errors()
                + ",\"latencyMsSum\":" + i.latencyMsSum() + ",\"latencyMsMax\":" + i.latencyMsMax()
                + ",\"inFlight\":" + i.inFlight() + "}").getBytes(StandardCharsets.UTF_8);
    }
}
