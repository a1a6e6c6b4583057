package io.microscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} is a command of the CLI (the command itself: ReplayCommandTest). */
class MainReplayTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void replayRunsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "second_offset,requests\n0,10\n1,20\n2,10\n");
        int code = Main.run(new String[] {"replay", "--trace", trace.toString(), "--policies", "hpa",
                "--out", dir.resolve("o").toString()});
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| hpa ");
        assertThat(dir.resolve("o").resolve("scores.csv")).exists();
    }

    @Test
    void replayOptionErrorsExitWith2() {
        assertThat(Main.run(new String[] {"replay", "--scale", "2"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay needs --trace FILE");
    }

    @Test
    void theUsageDescribesReplay() {
        assertThat(Main.USAGE).contains("replay  scaling quality on a request trace").contains("Options for replay");
    }
}
