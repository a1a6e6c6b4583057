package io.microscaler.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.replay.model.ServiceModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void defaultsAreAllPoliciesTheDemosImageServerAndAnEc2StartDelay() {
        ReplayOptions o = ReplayOptions.parse(List.of("--trace", "t.csv"));
        assertThat(o.policies()).containsExactly("microscaler", "aws-target-tracking", "hpa", "knative");
        assertThat(o.scale()).isEqualTo(1);
        assertThat(o.sloMs()).isEqualTo(250);
        assertThat(o.model()).isEqualTo(ServiceModel.DEFAULTS);
        assertThat(o.model().startDelaySeconds()).isEqualTo(20);
        assertThat(o.outputFolder("nasa")).isEqualTo(Path.of("target", "replay", "nasa"));
    }

    @Test
    void everyOptionIsRead() {
        ReplayOptions o = ReplayOptions.parse(List.of("--trace", "t.csv", "--scale", "0.5", "--policies", "hpa,knative",
                "--slo-ms", "300", "--out", "o", "--fargate", "--min", "2", "--max", "9", "--task-concurrency", "8",
                "--service-time-ms", "20", "--service-time-jitter", "0", "--queue-per-task", "10",
                "--target-utilisation", "0.6", "--seed", "7", "--microscaler-config", "m.yaml"));
        assertThat(o.scale()).isEqualTo(0.5);
        assertThat(o.policies()).containsExactly("hpa", "knative");
        assertThat(o.sloMs()).isEqualTo(300);
        assertThat(o.outputFolder("x")).isEqualTo(Path.of("o"));
        assertThat(o.model()).isEqualTo(new ServiceModel(8, 20, 0, 10, 60, 2, 9, 0.6));
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.microscalerConfig()).isEqualTo(Path.of("m.yaml"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--scale 0|--scale '0': expected a number > 0",
        "--scale x|--scale 'x': expected a number > 0",
        "--policies hpa,cloudwatch|unknown policy 'cloudwatch', expected a comma-separated list of microscaler",
        "--slo-ms 0|--slo-ms '0': expected a whole number of milliseconds >= 1",
        "--min 0|--min '0': expected a whole number >= 1",
        "--min 5 --max 3|--max must be >= --min (5), but was 3",
        "--start-delay 30 --fargate|give --fargate or --start-delay, not both",
        "--service-time-jitter 1|--service-time-jitter must be in [0, 1), but was 1.0",
        "--colour blue|unknown option '--colour' for replay",
        "--seed|--seed needs a value",
    })
    void badOptionsAreRefusedNamingOptionValueAndExpectation(String args, String message) {
        List<String> list = new java.util.ArrayList<>(List.of("--trace", "t.csv"));
        list.addAll(List.of(args.split(" ")));
        assertThatThrownBy(() -> ReplayOptions.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theTraceIsRequired() {
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--scale", "2")))
                .hasMessageContaining("replay needs --trace FILE");
    }
}
