package io.microscaler.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The sampler's recording: one JSON object a line, {@code "type":"sample"} or
 * {@code "type":"decision"}, appended as they come, so a run cut short still leaves every line
 * written before. The report reads it back.
 */
public final class TimelineLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a recording holds. */
    public record Recording(List<TimelineSample> samples, List<DecisionMark> decisions) {
        public Recording {
            samples = List.copyOf(samples);
            decisions = List.copyOf(decisions);
        }
    }

    public static String line(TimelineSample s) {
        ObjectNode o = JSON.createObjectNode().put("type", "sample").put("ts", s.epochMillis());
        put(o, "rps", s.rps());
        put(o, "p95Ms", s.p95Ms());
        put(o, "rpsStable", s.rpsStable());
        put(o, "p95StableMs", s.p95StableMs());
        put(o, "desired", s.desired());
        put(o, "running", s.running());
        put(o, "pending", s.pending());
        put(o, "healthy", s.healthy());
        o.put("state", s.state());
        return o.toString();
    }

    public static String line(DecisionMark d) {
        return JSON.createObjectNode().put("type", "decision").put("ts", d.epochMillis()).put("seq", d.seq())
                .put("from", d.from()).put("to", d.to()).put("policy", d.policy()).put("reason", d.reason())
                .put("message", d.message()).toString();
    }

    /** Reads a recording; a line that does not parse (the last one, cut by a kill) is skipped. */
    public static Recording read(Path file) throws IOException {
        List<TimelineSample> samples = new ArrayList<>();
        List<DecisionMark> decisions = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (o == null) {
                    continue;
                }
                long ts = o.path("ts").asLong();
                if ("sample".equals(o.path("type").asText())) {
                    samples.add(new TimelineSample(ts, ApiJson.number(o, "rps"), ApiJson.number(o, "p95Ms"), ApiJson.number(o, "rpsStable"),
                            ApiJson.number(o, "p95StableMs"), ApiJson.count(o, "desired"), ApiJson.count(o, "running"), ApiJson.count(o, "pending"),
                            ApiJson.count(o, "healthy"), o.path("state").asText("?")));
                } else if ("decision".equals(o.path("type").asText())) {
                    decisions.add(new DecisionMark(ts, o.path("seq").asLong(), o.path("from").asInt(), o.path("to").asInt(),
                            o.path("policy").asText("?"), o.path("reason").asText("?"), o.path("message").asText("")));
                }
            }
        }
        return new Recording(samples, decisions);
    }

    private static void put(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static void put(ObjectNode o, String field, OptionalInt v) {
        if (v.isPresent()) {
            o.put(field, v.getAsInt());
        } else {
            o.putNull(field);
        }
    }

    private TimelineLog() {
    }
}
