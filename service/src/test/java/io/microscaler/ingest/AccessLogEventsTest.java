package io.microscaler.ingest;

import static io.microscaler.ingest.EventDecoder.Stream.DEMAND;
import static io.microscaler.ingest.EventDecoder.Stream.REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.DecodeResult.Accepted;
import io.microscaler.ingest.DecodeResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Access-log lines as the documented formats write them (deploy/access-logs), and the shippers'
 * heartbeats: they decode to the very events the JSON producers send, and a bad one is refused with
 * a reason as a bad JSON event is (same decoder, same checks, same dead-letter path).
 */
class AccessLogEventsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** One second before NOW, as nginx's $msec writes it. */
    static final String MSEC = "1772366399.123";
    static final long TS = 1772366399123L;

    final EventDecoder decoder = new EventDecoder(65_536, 256, Duration.ofSeconds(5));

    /** The line nginx writes with deploy/access-logs/nginx-microscaler.conf's log_format (escape=json). */
    static String nginxLine(String requestTime, String upstream, String status) {
        return "{\"v\":1,\"service\":\"iiif\",\"time\":" + MSEC + ",\"requestTime\":" + requestTime
                + ",\"upstreamTime\":\"" + upstream + "\",\"status\":" + status + ",\"bytes\":48211}";
    }

    @Test
    void anNginxLineIsARequestEventInMilliseconds() {
        DecodeResult r = decode(nginxLine("0.084", "0.040", "200"));

        assertThat(r).isEqualTo(new Accepted(new RequestEvent("iiif", TS, 84, 200, 48211, null, 40)));
    }

    @Test
    void aLighttpdLineIsAJsonRequestEventAsItIs() {
        // as Debian's lighttpd 1.4.69 wrote it with deploy/access-logs/lighttpd-microscaler.conf
        DecodeResult r = decode("{\"v\":1,\"service\":\"iiif\",\"ts\":" + TS + ",\"latencyMs\":1,\"status\":404,\"bytes\":341}");

        assertThat(r).isEqualTo(new Accepted(new RequestEvent("iiif", TS, 1, 404, 341, null)));
    }

    @ParameterizedTest(name = "upstream \"{0}\" → time at work {1}")
    @CsvSource({
            "-,             -1",  // nginx answered itself (a static file, a cached tile): not reported
            "0.012,         12",
            "'0.012, 0.030', 42", // a retry on the next upstream: both held the request
            "'0.012 : 0.030', 42", // across an internal redirect
            "'-, 0.030',    30",
            "0.090,         84",  // rounded apart from request_time: capped at the latency, not refused
    })
    void theUpstreamTimeIsTheTimeAtWork(String upstream, long serviceMs) {
        DecodeResult r = decode(nginxLine("0.084", upstream, "200"));

        assertThat(((RequestEvent) ((Accepted) r).event()).serviceMs()).isEqualTo(serviceMs);
    }

    @Test
    void timesMayBeStringsAndHaveMoreDecimalsWhichAreCutNotRounded() {
        DecodeResult r = decode("{\"v\":1,\"service\":\"iiif\",\"time\":\"1772366399.123999\",\"requestTime\":\"0.0849\","
                + "\"status\":200}");

        assertThat(r).isEqualTo(new Accepted(new RequestEvent("iiif", TS, 84, 200, 0, null)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // the same refusals as for JSON events, on the same fields
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":0.084}| missing-field | status is missing",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"status\":200}       | missing-field | latencyMs is missing",
            "{\"v\":1,\"service\":\"iiif\",\"requestTime\":0.084,\"status\":200}         | missing-field | ts is missing",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":0.084,\"status\":700} | invalid-value | status must be an HTTP status",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366460.000,\"requestTime\":0.084,\"status\":200} | time-out-of-range | ahead of now",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399123,\"requestTime\":0.084,\"status\":200}  | wrong-type | time must be seconds",
            // units of their own, read strictly
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":-0.084,\"status\":200} | wrong-type | requestTime must be seconds",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":\"84ms\",\"status\":200} | wrong-type | '\"84ms\"'",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":8.4e-2,\"status\":200} | wrong-type | requestTime must be seconds",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":0.084,\"upstreamTime\":\"slow\",\"status\":200} | wrong-type | upstreamTime must be",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"ts\":1772366399123,\"requestTime\":0.084,\"status\":200} | invalid-value | ts and time",
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"latencyMs\":84,\"requestTime\":0.084,\"status\":200} | invalid-value | latencyMs and requestTime",
            // nginx without the literal v: the format's version is part of the format
            "{\"service\":\"iiif\",\"time\":1772366399.123,\"requestTime\":0.084,\"status\":200} | unknown-version | v is missing",
            // a line cut by a shipper's message size limit
            "{\"v\":1,\"service\":\"iiif\",\"time\":1772366399.123,\"reque | truncated-json | ends early",
            // a plain text access log (the combined format) sent by mistake
            "127.0.0.1 - - [01/Mar/2026:12:00:00 +0000] \"GET / HTTP/1.1\" 200 612 | not-json | starts with byte '1'",
    })
    void aBadLineIsRefusedWithItsReason(String line, String reason, String detailMentions) {
        DecodeResult r = decode(line);

        assertThat(r).isInstanceOf(Rejected.class);
        assertThat(((Rejected) r).reason().label()).as(((Rejected) r).detail()).isEqualTo(reason);
        assertThat(((Rejected) r).detail()).contains(detailMentions);
    }

    @Test
    void aShippersHeartbeatNamesItsSource() {
        assertThat(decode("{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":\"ip-10-0-1-17\","
                + "\"time\":\"1772366399.123456\"}"))
                .isEqualTo(new Accepted(new HeartbeatEvent("iiif", TS, "ip-10-0-1-17")));
        assertThat(decode("{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":\"t-1\",\"ts\":" + TS + "}"))
                .isEqualTo(new Accepted(new HeartbeatEvent("iiif", TS, "t-1")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"ts\":1772366399123}                  | missing-field | source is missing",
            "{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":\" \",\"ts\":1772366399123}  | invalid-value | source must not be blank",
            "{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":7,\"ts\":1772366399123}      | wrong-type    | source must be a string",
            "{\"v\":1,\"type\":\"heartbeat\",\"source\":\"h\",\"ts\":1772366399123}                       | missing-field | service is missing",
            "{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":\"h\"}                       | missing-field | ts is missing",
    })
    void aBadHeartbeatIsRefusedWithItsReason(String line, String reason, String detailMentions) {
        DecodeResult r = decode(line);

        assertThat(((Rejected) r).reason().label()).isEqualTo(reason);
        assertThat(((Rejected) r).detail()).contains(detailMentions);
    }

    @Test
    void heartbeatsBelongOnTheRequestsTopicOnly() {
        DecodeResult r = decoder.decode(DEMAND, bytes("{\"v\":1,\"type\":\"heartbeat\",\"service\":\"iiif\",\"source\":\"h\","
                + "\"ts\":" + TS + "}"), NOW);

        assertThat(((Rejected) r).reason()).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
    }

    private DecodeResult decode(String line) {
        return decoder.decode(REQUESTS, bytes(line), NOW);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
