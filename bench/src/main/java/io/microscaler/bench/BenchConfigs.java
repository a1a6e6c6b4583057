package io.microscaler.bench;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configurations built the way users build them: YAML, loaded and validated by {@link ConfigLoader}. */
final class BenchConfigs {

    /**
     * Kafka settings for a run with its own group and topics (the requests topic given, the others
     * named after the prefix), followed by {@code rest} (more YAML: ingest, windows, services…).
     */
    static MicroscalerConfig load(String bootstrap, String requestsTopic, String prefix, int partitions, String rest,
                                  Map<String, String> overrides) {
        String yaml = """
                http:
                  port: 0
                kafka:
                  bootstrapServers: %s
                  groupId: %s-group
                  partitions: %d
                  topics:
                    requests: %s
                    demand: %s.demand
                    cluster: %s.cluster
                    decisions: %s.decisions
                    deadLetter: %s.dead-letter
                """.formatted(bootstrap, prefix, partitions, requestsTopic, prefix, prefix, prefix, prefix) + rest;
        try {
            Path file = Files.createTempFile("microscaler-bench-", ".yaml");
            try {
                Files.writeString(file, yaml);
                return ConfigLoader.load(file, Map.of(), overrides);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code yaml} as it is: no {@code kafka.bootstrapServers}, so Kafka is embedded unless an override names it. */
    static MicroscalerConfig loadEmbedded(String yaml, Map<String, String> overrides) {
        try {
            Path file = Files.createTempFile("microscaler-bench-", ".yaml");
            try {
                Files.writeString(file, "http:\n  port: 0\n" + yaml);
                return ConfigLoader.load(file, Map.of(), overrides);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code services:} block: each service with the given YAML lines (indented by 4), or defaults. */
    static String services(String[] ids, String settings) {
        StringBuilder b = new StringBuilder("services:\n");
        for (String id : ids) {
            b.append("  ").append(id).append(":\n");
            b.append(settings.isBlank() ? "    minTasks: 1\n" : settings.indent(4));
        }
        return b.toString();
    }

    private BenchConfigs() {
    }
}
