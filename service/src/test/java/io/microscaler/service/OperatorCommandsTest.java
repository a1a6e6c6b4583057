package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines of {@code handback} and {@code shadow-report}: what they refuse, and how times are read. */
class OperatorCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream out() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream err() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Test
    void handbackNeedsAConfigAndKnowsItsOptions() {
        assertThat(HandbackCommand.run(List.of(), out(), err())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config FILE is required").contains("--service ID");
        err.reset();
        assertThat(HandbackCommand.run(List.of("--config"), out(), err())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config needs a value");
        err.reset();
        assertThat(HandbackCommand.run(List.of("--all"), out(), err())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--all'");
    }

    @Test
    void shadowReportNeedsASpanThatRunsForward() {
        assertThat(ShadowReportCommand.run(List.of("--config", "x.yaml"), out(), err())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from TIME are required");
        err.reset();
        assertThat(ShadowReportCommand.run(List.of("--config", "x.yaml", "--from", "1h", "--to", "2h"), out(), err()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("must be before --to");
    }

    @Test
    void timesAreInstantsOrDurationsBeforeNow() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        assertThat(ShadowReportCommand.time("--from", "2026-12-06T08:00:00Z", now)).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        assertThat(ShadowReportCommand.time("--from", "6h", now)).isEqualTo(Instant.parse("2026-12-06T06:00:00Z"));
        assertThat(ShadowReportCommand.time("--from", "90m", now)).isEqualTo(Instant.parse("2026-12-06T10:30:00Z"));
        assertThat(ShadowReportCommand.time("--from", "2d", now)).isEqualTo(Instant.parse("2026-12-04T12:00:00Z"));
        assertThatThrownBy(() -> ShadowReportCommand.time("--from", "yesterday", now))
                .hasMessageContaining("--from = 'yesterday'").hasMessageContaining("ISO-8601");
    }
}
