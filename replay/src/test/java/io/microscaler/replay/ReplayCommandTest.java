package io.microscaler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code replay} command end to end on a small synthetic trace. */
class ReplayCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int replay(String... args) {
        return ReplayCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** 20 minutes: 50 req/s, a 5-minute step to 400 req/s, back to 50. */
    private static Path spikeTrace(Path dir) throws Exception {
        StringBuilder b = new StringBuilder("second_offset,requests\n");
        for (int s = 0; s < 1200; s++) {
            b.append(s).append(',').append(s >= 300 && s < 600 ? 400 : 50).append('\n');
        }
        return Files.writeString(dir.resolve("spike.csv"), b.toString());
    }

    @Test
    void replaysEveryPolicyPrintsATableAndWritesCsvAndChart(@TempDir Path dir) throws Exception {
        Path trace = spikeTrace(dir);
        Path folder = dir.resolve("out");
        int code = replay("--trace", trace.toString(), "--out", folder.toString());
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (String policy : ReplayOptions.ALL_POLICIES) {
            assertThat(stdout).containsPattern("(?m)^\\| " + policy + " +\\| +[\\d,]+ \\|");
            // each beside the least any schedule pays for its violations, which it cannot beat
            assertThat(stdout).containsPattern("(?m)^  " + policy + " +[\\d,]+ violation s: at least +[\\d,]+ task-s;"
                    + " it paid +[\\d,]+ \\((1\\.\\d\\d|[2-9]\\.\\d\\d|\\d\\d+\\.\\d\\d)×\\)");
        }
        List<String> scores = Files.readAllLines(folder.resolve("scores.csv"));
        assertThat(scores).hasSize(5);
        assertThat(scores.get(0)).startsWith("trace,scale,slo_ms,policy,violation_seconds");
        assertThat(scores.subList(1, 5)).allSatisfy(row -> assertThat(row).startsWith("spike,1.0,250,"));
        List<String> timeline = Files.readAllLines(folder.resolve("timeline.csv"));
        assertThat(timeline).hasSize(1201);
        assertThat(timeline.get(0)).startsWith("second,offered,microscaler_desired,microscaler_running");
        assertThat(timeline.get(301)).startsWith("300,400,");
        byte[] png = Files.readAllBytes(folder.resolve("replay.png"));
        assertThat(png).hasSizeGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void aStepViolatesTheSloForFewerSecondsUnderMicroscalerThanUnderAws(@TempDir Path dir) throws Exception {
        Path trace = spikeTrace(dir);
        int code = replay("--trace", trace.toString(), "--out", dir.resolve("o").toString(),
                "--policies", "microscaler,aws-target-tracking");
        assertThat(code).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("o").resolve("scores.csv"));
        long microscaler = Long.parseLong(rows.get(1).split(",")[4]);
        long aws = Long.parseLong(rows.get(2).split(",")[4]);
        // 400 req/s needs 6 tasks; AWS waits for 3 published minutes (~4 min), microscaler for seconds
        assertThat(microscaler).isLessThan(aws);
    }

    @Test
    void aBadTraceStopsWithExitCode2NamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("bad.csv"), "second_offset,requests\n0,5\n1,five\n");
        int code = replay("--trace", trace.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.csv line 3").contains("'five'");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aMissingTraceFileStopsWithExitCode2(@TempDir Path dir) {
        int code = replay("--trace", dir.resolve("nope.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.csv cannot be read");
    }

    @Test
    void aBadMicroscalerConfigIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path trace = spikeTrace(dir);
        Path config = Files.writeString(dir.resolve("m.yaml"), "services:\n  replay:\n    maxTasks: -1\n");
        int code = replay("--trace", trace.toString(), "--microscaler-config",
                config.toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration error").contains("services.replay.maxTasks");
    }
}
