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

/** The command line refuses what it cannot run, with exit code 2 and a message naming the problem. */
class MainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownCommandIsRefused() {
        assertThat(Main.run(new String[] {"scale-everything"})).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'scale-everything'").contains("Usage:");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThat(Main.run(new String[] {"run", "--colour", "blue"})).isEqualTo(2);
        assertThat(stderr()).contains("unknown option '--colour'");
    }

    @Test
    void optionWithoutValueIsRefused() {
        assertThat(Main.run(new String[] {"run", "--config"})).isEqualTo(2);
        assertThat(stderr()).contains("--config needs a value");
    }

    @Test
    void badHttpPortStopsStartUpNamingKeyValueAndExpectation() {
        assertThat(Main.run(new String[] {"run", "--http-port", "70000"})).isEqualTo(2);
        assertThat(stderr()).contains("configuration error").contains("http.port").contains("70000").contains("65535");
    }

    @Test
    void badConfigFileStopsStartUp(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "services:\n  iiif:\n    maxTasks: -3\n");
        assertThat(Main.run(new String[] {"run", "--config", file.toString()})).isEqualTo(2);
        assertThat(stderr()).contains("services.iiif.maxTasks").contains("-3");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(Main.run(new String[] {"--help"})).isZero();
    }
}
