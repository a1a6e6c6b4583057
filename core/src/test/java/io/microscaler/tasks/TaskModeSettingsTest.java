package io.microscaler.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskModeSettingsTest {

    @Test
    void ec2SettingsAreTaggedMicroscaler() {
        TaskModeSettings s = TaskModeSettings.ec2("c", "web:3", "web-tg", "web", 8080);

        assertThat(s.launchType()).isEqualTo(LaunchType.EC2);
        assertThat(s.startedBy()).isEqualTo("microscaler");
        assertThat(TaskModeSettings.group("iiif")).isEqualTo("service:iiif");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            " |web|tg|web|8080|microscaler| cluster must not be empty, but was 'null'",
            "c|   |tg|web|8080|microscaler| taskDefinition must not be empty, but was 'null'",
            "c|web|tg|web|0   |microscaler| containerPort must be 1–65535, but was 0",
            "c|web|tg|web|8080|micro scaler| startedBy must be 1–128 letters, digits, '-', '_' or '/', but was 'micro scaler'",
    })
    void badSettingsAreNamed(String cluster, String taskDefinition, String targetGroup, String containerName,
                             int containerPort, String startedBy, String message) {
        assertThatThrownBy(() -> new TaskModeSettings(cluster, taskDefinition, targetGroup, containerName, containerPort,
                LaunchType.EC2, startedBy)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"healthy, HEALTHY, true", "unavailable, UNAVAILABLE, true", "unhealthy.draining, UNHEALTHY_DRAINING, false",
            "draining, DRAINING, false", "initial, INITIAL, false", "something-new, NONE, false"})
    void targetStatesReadFromTheWire(String wire, TargetHealth state, boolean serving) {
        assertThat(TargetHealth.fromWire(wire)).isEqualTo(state);
        assertThat(state.serving()).isEqualTo(serving);
    }

    @Test
    void fargateOverflowRunsAwsvpcTasksInTheGivenNetworkAndCannotGoWithoutOne() {
        AwsvpcNetwork network = new AwsvpcNetwork(java.util.List.of("subnet-1"), java.util.List.of());
        TaskModeSettings s = TaskModeSettings.ec2("c", "web:3", "web-tg", "web", 8080).withFargateOverflow(network);

        assertThat(s.fargateOverflow()).isTrue();
        assertThat(s.network()).isEqualTo(network);
        assertThat(s.launchType()).as("EC2 first, Fargate when it is full").isEqualTo(LaunchType.EC2);
        assertThatThrownBy(() -> new TaskModeSettings("c", "web", "tg", "web", 8080, LaunchType.FARGATE,
                TaskModeSettings.STARTED_BY, null, false, 0)).hasMessageContaining("awsvpc");
        assertThatThrownBy(() -> new TaskModeSettings("c", "web", "tg", "web", 8080, LaunchType.EC2,
                TaskModeSettings.STARTED_BY, null, true, 0)).hasMessageContaining("a network (subnets) is needed");
        assertThatThrownBy(() -> new AwsvpcNetwork(java.util.List.of(), java.util.List.of()))
                .hasMessageContaining("at least one subnet");
    }
}
