package io.microscaler.testing;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds real configurations the way users do: a YAML file, loaded and validated. */
public final class TestConfigs {

    /**
     * Writes {@code yaml} with the broker's address and fresh topic and group names filled in,
     * and loads it. Placeholders: {@code ${bootstrap}}, {@code ${prefix}}.
     */
    public static MicroscalerConfig load(Path dir, String yaml, String bootstrap, String prefix) {
        String text = yaml.replace("${bootstrap}", bootstrap).replace("${prefix}", prefix);
        try {
            Path file = Files.writeString(dir.resolve(prefix + ".yaml"), text);
            return ConfigLoader.load(file, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka and HTTP settings every integration test shares: its own topics and group, port 0. */
    public static String kafkaAndHttp(int ingestInstances) {
        return """
                http:
                  port: 0
                kafka:
                  bootstrapServers: ${bootstrap}
                  groupId: ${prefix}-group
                  partitions: 4
                  topics:
                    requests: ${prefix}.requests
                    demand: ${prefix}.demand
                    cluster: ${prefix}.cluster
                    decisions: ${prefix}.decisions
                    deadLetter: ${prefix}.dead-letter
                    wishes: ${prefix}.wishes
                    grants: ${prefix}.grants
                    admin: ${prefix}.admin
                    forecastHistory: ${prefix}.forecast-history
                ingest:
                  instances: %d
                """.formatted(ingestInstances);
    }

    private TestConfigs() {
    }
}
