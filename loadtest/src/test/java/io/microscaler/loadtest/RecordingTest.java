package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sampler reads from the API, writes, and the report reads back; and what Gatling and the simulation leave. */
class RecordingTest {

    /** An /api/services answer as the autoscaler gives it (no data is null), with a healthy count as a newer API may add. */
    static final String SERVICES = """
            [{"service":"other","state":"ok","desired":9,"running":9,"pending":0},
             {"service":"iiif","state":"ok","desired":6,"running":4,"pending":2,"healthy":3,"spanSeconds":30,
              "rps":210.5,"concurrency":3.1,"p50Ms":40.0,"p95Ms":null,"p99Ms":null,"errorRatio":0.0,
              "panic":{"spanSeconds":6,"rps":398.0,"concurrency":9.0,"p50Ms":60.0,"p95Ms":812.4,"p99Ms":990.0,"errorRatio":0.01},
              "lastDecision":null,"owner":"ingest-1"}]
            """;

    static final String DECISIONS = """
            [{"v":1,"service":"iiif","ts":2000,"seq":12,"from":2,"to":6,"policy":"panic","reason":"scale-up-limit",
              "message":"panic: 6 s concurrency 9.0 ≥ 2 × target 2.5 × 2 tasks → 4","inputs":{},"recommendations":[]},
             {"v":1,"service":"iiif","ts":1000,"seq":11,"from":2,"to":2,"policy":"target-tracking","reason":"at-min",
              "message":"held","inputs":{},"recommendations":[]}]
            """;

    @Test
    void theApiAnswersBecomeASampleOfTheServiceAndItsDecisionsOldestFirst() throws IOException {
        TimelineSample s = ApiJson.sample(SERVICES, "iiif", 5000).orElseThrow();
        assertThat(s.rps()).isEqualTo(398.0);
        assertThat(s.p95Ms()).isEqualTo(812.4);
        assertThat(s.rpsStable()).isEqualTo(210.5);
        assertThat(s.p95StableMs()).isNaN();
        assertThat(s.desired()).hasValue(6);
        assertThat(s.running()).hasValue(4);
        assertThat(s.pending()).hasValue(2);
        assertThat(s.healthy()).hasValue(3);
        assertThat(ApiJson.sample(SERVICES, "missing", 5000)).isEmpty();
        assertThat(ApiJson.sample("[{\"service\":\"iiif\"}]", "iiif", 1).orElseThrow().healthy()).isEmpty();

        List<DecisionMark> d = ApiJson.decisions(DECISIONS);
        assertThat(d).extracting(DecisionMark::seq).containsExactly(11L, 12L);
        assertThat(d.get(1).label()).isEqualTo("2→6 panic/scale-up-limit");
        assertThat(d.get(1).scalesOut()).isTrue();
    }

    @Test
    void aRecordingReadsBackWhatWasWrittenAndSkipsALineCutShort(@TempDir Path dir) throws IOException {
        TimelineSample s = ApiJson.sample(SERVICES, "iiif", 5000).orElseThrow();
        DecisionMark d = ApiJson.decisions(DECISIONS).get(1);
        TimelineSample noHealthy = s.withHealthy(OptionalInt.empty());
        Path file = dir.resolve("timeline.jsonl");
        Files.write(file, List.of(TimelineLog.line(d), TimelineLog.line(s), TimelineLog.line(noHealthy), "{\"type\":\"sam"));
        TimelineLog.Recording r = TimelineLog.read(file);
        assertThat(r.samples()).containsExactly(s, noHealthy);
        assertThat(r.decisions()).containsExactly(d);
    }

    @Test
    void runInfoRoundTripsThroughItsFile(@TempDir Path dir) throws IOException {
        RunInfo info = new RunInfo(1_700_000_000_123L, "spike", "http://127.0.0.1:8081",
                List.of(new Phase("before", 0, 60), new Phase("spike", 60, 180), new Phase("after", 180, 270)));
        Path file = dir.resolve("sub/run.properties");
        info.write(file);
        assertThat(RunInfo.read(file)).isEqualTo(info);
        Files.writeString(file, "profile=x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunInfo.read(file)).hasMessageContaining("incomplete");
    }

    @Test
    void gatlingsTotalsComeFromTheLastSummaryOfItsConsole() {
        List<String> console = List.of(
                "---- Requests ----------------------|---Total---|-----OK----|----KO----",
                "> Global                            |       873 |       873 |         0",
                "---- Global Information ------------|---Total---|-----OK----|----KO----",
                "> request count                     |     41210 |     41003 |       207",
                "> min response time (ms)            |         8 |         8 |     30001",
                "> response time 95th percentile (ms)|      1187 |      1150 |     30010",
                "Global: percentage of failed events is less than or equal to 1.0 : true (actual : 0.5)");
        GatlingTotals t = GatlingTotals.parse(console).orElseThrow();
        assertThat(t).isEqualTo(new GatlingTotals(41210, 41003, 207, 1187));
        assertThat(t.line()).isEqualTo("Gatling: 41210 requests, 207 failed (0.50 %), p95 1187 ms over the whole run");
        assertThat(GatlingTotals.parse(List.of("> request count | 10 | 10 | -", "> response time 95th percentile (ms) | 5 | 5 | -")))
                .hasValue(new GatlingTotals(10, 10, 0, 5));
        assertThat(GatlingTotals.parse(List.of("BUILD FAILURE"))).isEmpty();
    }
}
