package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskModesTest {

    @TempDir
    Path dir;

    @Test
    void theFirstCountIsTheMinimumInForceAtStartUp() throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        Files.writeString(file, """
                actuator: {target: ecs}
                services:
                  tiles:
                    mode: tasks
                    minTasks: 2
                    schedules:
                      - {name: opening-hours, start: "0 8 * * MON-FRI", end: "0 18 * * MON-FRI", timeZone: Europe/London, minTasks: 6}
                  api: {}
                """);
        MicroscalerConfig config = ConfigLoader.load(file, Map.of());

        var open = TaskModes.of(config, Instant.parse("2026-12-07T09:00:00Z")); // a Monday, 09:00 in London
        var closed = TaskModes.of(config, Instant.parse("2026-12-07T19:00:00Z"));

        assertThat(open).containsOnlyKeys("tiles");
        assertThat(open.get("tiles").initialCount()).isEqualTo(6);
        assertThat(closed.get("tiles").initialCount()).isEqualTo(2);
    }
}
