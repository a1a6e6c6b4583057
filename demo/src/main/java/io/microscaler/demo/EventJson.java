package io.microscaler.demo;

import java.nio.charset.StandardCharsets;

/**
 * The JSON of the events an image server sends (docs/design.md section 2), written by hand: a few
 * fields per request at thousands of requests per second do not need a databind. Pure.
 */
final class EventJson {

    /** A time at work not to report: the field is left out. */
    static final long UNREPORTED = -1;

    /** {@code {"v":1,"service":…,"ts":…,"latencyMs":…,"serviceMs":…,"status":…,"bytes":…,"task":…}} */
    static byte[] request(String service, long ts, long latencyMs, long serviceMs, int status, long bytes, String task) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"v\":1,\"service\":");
        string(b, service);
        b.append(",\"ts\":").append(ts)
                .append(",\"latencyMs\":").append(latencyMs);
        if (serviceMs != UNREPORTED) {
            b.append(",\"serviceMs\":").append(serviceMs);
        }
        b.append(",\"status\":").append(status)
                .append(",\"bytes\":").append(bytes)
                .append(",\"task\":");
        string(b, task);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"v":1,"type":"summary","service":…,"ts":…,"intervalMs":…,"count":…,…,"inFlight":…,"busyMsSum":…,"queued":…}}; ts ends the interval. */
    static byte[] summary(String service, long ts, long intervalMs, ServerTally.Interval i) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"v\":1,\"type\":\"summary\",\"service\":");
        string(b, service);
        b.append(",\"ts\":").append(ts)
                .append(",\"intervalMs\":").append(intervalMs)
                .append(",\"count\":").append(i.count())
                .append(",\"errors\":").append(i.errors())
                .append(",\"latencyMsSum\":").append(i.latencyMsSum())
                .append(",\"latencyMsMax\":").append(i.latencyMsMax())
                .append(",\"inFlight\":").append(i.inFlight())
                .append(",\"busyMsSum\":").append(i.busyMsSum())
                .append(",\"queued\":").append(i.queued());
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private EventJson() {
    }
}
