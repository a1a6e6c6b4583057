package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.microscaler.config.ActuatorConfig.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actuator.mode} (issue 19): {@code shadow} reads real counts and changes nothing, which the
 * code can promise only for ECS service mode; everywhere else start-up refuses it, naming the key
 * and why.
 */
class ShadowModeConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void actIsTheDefault() {
        ActuatorConfig a = ConfigLoader.defaults().actuator();

        assertThat(a.mode()).isEqualTo(Mode.ACT);
        assertThat(a.shadow()).isFalse();
    }

    @Test
    void shadowWithTheEcsTargetFromTheFileOrTheEnvironment() throws IOException {
        MicroscalerConfig fromFile = ConfigLoader.load(yaml("""
                actuator: {target: ecs, mode: shadow}
                services: {api: {}}
                """), Map.of());
        MicroscalerConfig fromEnv = ConfigLoader.load(null, Map.of("MICROSCALER_ACTUATOR_TARGET", "ecs",
                "MICROSCALER_ACTUATOR_MODE", "shadow", "MICROSCALER_SERVICES", "api"));

        assertThat(fromFile.actuator().mode()).isEqualTo(Mode.SHADOW);
        assertThat(fromEnv.actuator().shadow()).isTrue();
    }

    @Test
    void anUnknownModeListsTheChoices() {
        ConfigException e = refused(null, Map.of("MICROSCALER_ACTUATOR_MODE", "read-only"));

        assertThat(e.getMessage()).isEqualTo("config key 'actuator.mode' = 'read-only': expected one of: act, shadow"
                + " (from environment variable MICROSCALER_ACTUATOR_MODE)");
    }

    @Test
    void shadowWithTheDryRunTargetIsRefused() {
        ConfigException e = refused(null, Map.of("MICROSCALER_ACTUATOR_MODE", "shadow"));

        assertThat(e.key()).isEqualTo("actuator.mode");
        assertThat(e.value()).isEqualTo("shadow");
        assertThat(e.expected()).contains("act with actuator.target dry-run").contains("needs actuator.target: ecs");
    }

    @Test
    void shadowWithATaskModeServiceIsRefusedNamingTheService() throws IOException {
        ConfigException e = refused(yaml("""
                actuator: {target: ecs, mode: shadow}
                services:
                  api: {}
                  tiles: {mode: tasks}
                """), Map.of());

        assertThat(e.key()).isEqualTo("actuator.mode");
        assertThat(e.expected()).contains("task mode (mode: tasks: tiles)").contains("ECS service mode only");
        assertThat(e.getMessage()).contains("(from file ");
    }

    @Test
    void shadowWithTheClusterLoopIsRefused() throws IOException {
        ConfigException e = refused(yaml("""
                actuator: {target: ecs, mode: shadow}
                cluster: {enabled: true, autoScalingGroup: asg}
                services: {api: {}}
                """), Map.of());

        assertThat(e.key()).isEqualTo("actuator.mode");
        assertThat(e.expected()).contains("cluster.enabled: true").contains("Auto Scaling group");
    }

    @Test
    void actWithTaskModeAndTheClusterLoopStillLoads() throws IOException {
        MicroscalerConfig c = ConfigLoader.load(yaml("""
                actuator: {target: ecs, mode: act}
                cluster: {enabled: true, autoScalingGroup: asg}
                services: {tiles: {mode: tasks}}
                """), Map.of());

        assertThat(c.actuator().mode()).isEqualTo(Mode.ACT);
    }

    private static ConfigException refused(Path file, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, env));
        assertThat(e).as("no ConfigException").isNotNull();
        return e;
    }
}
