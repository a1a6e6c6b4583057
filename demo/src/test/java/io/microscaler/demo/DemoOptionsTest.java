package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void noOptionsGiveTheSpikeDemoOnTheDocumentedPorts() {
        DemoOptions o = DemoOptions.parse(List.of());
        assertThat(o).isEqualTo(DemoOptions.defaults());
        assertThat(o.scenario()).isEqualTo("spike");
        assertThat(o.httpPort()).isEqualTo(8080);
        assertThat(o.lbPort()).isEqualTo(8081);
    }

    @Test
    void everyOptionIsRead() {
        DemoOptions o = DemoOptions.parse(List.of("--scenario", "trace:/tmp/t.csv", "--scale", "2.5",
                "--duration", "5m", "--http-port", "0", "--lb-port", "9000", "--traffic", "external",
                "--config", "my.yaml"));
        assertThat(o).isEqualTo(new DemoOptions("trace:/tmp/t.csv", 2.5, Duration.ofMinutes(5), 0, 9000,
                DemoOptions.Traffic.EXTERNAL, Path.of("my.yaml")));
    }

    @ParameterizedTest
    @CsvSource({"contention", "spot", "rebalance", "scale-to-zero"})
    void theNamedDemosAreAccepted(String scenario) {
        assertThat(DemoOptions.parse(List.of("--scenario", scenario)).scenario()).isEqualTo(scenario);
    }

    @Test
    void theHelpNamesEveryScenario() {
        assertThat(DemoOptions.USAGE).contains("contention", "spot", "rebalance", "scale-to-zero");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--scenario|burst|--scenario 'burst': expected steady, spike, diurnal, trace:FILE, contention, spot, rebalance or scale-to-zero",
            "--scenario|trace:|expected steady, spike, diurnal, trace:FILE, contention, spot, rebalance or scale-to-zero",
            "--scale|0|--scale '0': expected a number > 0",
            "--scale|lots|--scale 'lots': expected a number > 0",
            "--duration|90|--duration '90': expected a positive duration with a unit",
            "--duration|0s|--duration '0s'",
            "--http-port|70000|--http-port '70000': expected a port from 0 to 65535",
            "--lb-port|x|--lb-port 'x'",
            "--traffic|gatling|--traffic 'gatling': expected builtin or external",
            "--colour|blue|unknown option '--colour'"})
    void badOptionsAreRefusedNamingValueAndExpectation(String option, String value, String message) {
        assertThatThrownBy(() -> DemoOptions.parse(List.of(option, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void anOptionWithoutValueIsRefused() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--scale")))
                .hasMessage("--scale needs a value");
    }

    @Test
    void theScaleToZeroDemoRefusesTheOptionsItWouldIgnore() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--scenario", "scale-to-zero", "--traffic", "external")))
                .hasMessage("--scenario scale-to-zero takes no --traffic external: its load is a queue's jobs, not requests");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--scale", "2", "--scenario", "scale-to-zero")))
                .hasMessage("--scenario scale-to-zero takes no --scale: its load is a queue's jobs, not requests");
        assertThat(DemoOptions.parse(List.of("--scenario", "scale-to-zero", "--duration", "90s")).duration())
                .hasSeconds(90);
    }
}
