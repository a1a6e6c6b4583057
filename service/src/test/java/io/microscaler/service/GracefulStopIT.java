package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what {@code docker stop} and ECS send, and {@link Process#destroy()} here) stops the
 * production jar cleanly: exit code 0, not the JVM's 143, within 10 s, with every record it used
 * committed; and the same with the broker gone, when no commit can be made and the Kafka clients
 * would otherwise wait 30 s for it (issue 17 measured 32 s and exit code 143). The broker is the
 * test's own, since one case stops it.
 */
class GracefulStopIT {

    private static final Pattern READY = Pattern.compile("ready: http://127\\.0\\.0\\.1:(\\d+)/api/services");
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private Process process;
    private Path log;

    @AfterEach
    void cleanUp() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sigtermExitsZeroWithEveryUsedRecordCommitted() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        int port = start("stop");
        HttpJson http = new HttpJson(port);
        // Ready: the consumer has its partitions, so records produced now are read ("latest" reads no earlier ones)
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
        int records = 40;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("stop.requests", Events.key("iiif"),
                        Events.request("iiif", System.currentTimeMillis(), 20, 200)));
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.metric("microscaler_ingest_records_total", "topic=\"stop.requests\"",
                        "outcome=\"recorded\"") >= records);

        long stopped = stop();

        assertThat(process.exitValue()).as(output()).isZero();
        System.out.printf("SIGTERM with the broker up: exit %d after %d ms%n", process.exitValue(), stopped);
        assertThat(committed("stop-group", "stop.requests")).as("offsets committed for every record used; output:%n%s", output())
                .isEqualTo(records);
        assertThat(output()).contains("SIGTERM received: stopping").contains("stopped in");
    }

    @Test
    void sigtermExitsZeroWithinTenSecondsWithTheBrokerGone() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        int port = start("gone");
        HttpJson http = new HttpJson(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);

        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 503);
        long stopped = stop();

        assertThat(process.exitValue()).as(output()).isZero();
        System.out.printf("SIGTERM with the broker gone: exit %d after %d ms%n", process.exitValue(), stopped);
        String out = output();
        System.out.println(out.substring(Math.max(0, out.indexOf("SIGTERM received"))));
    }

    /** Starts the production jar against the broker, with topics and group named by {@code prefix}; its HTTP port. */
    private int start(String prefix) throws Exception {
        String yaml = TestConfigs.kafkaAndHttp(1).replace("${prefix}", prefix).replace("${bootstrap}", broker.bootstrapServers())
                + "services:\n  iiif: {}\n";
        Path config = Files.writeString(dir.resolve(prefix + ".yaml"), yaml);
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", ProductionJarIT.jar().toString(), "run", "--config", config.toString())
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
        // To a file, not a pipe: a pipe read while the process exits loses its last lines ("Stream closed").
        log = dir.resolve(prefix + ".log");
        process = run.redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> READY.matcher(output()).find() || !process.isAlive());
        Matcher ready = READY.matcher(output());
        assertThat(ready.find()).as(output()).isTrue();
        return Integer.parseInt(ready.group(1));
    }

    /** SIGTERM, then the wait for the exit; how long it took in ms. Fails if the process outlives the limit. */
    private long stop() throws Exception {
        long sent = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        long took = (System.nanoTime() - sent) / 1_000_000;
        assertThat(exited).as("exited within %s of SIGTERM; output:%n%s", STOP_LIMIT, output()).isTrue();
        return took;
    }

    private String output() throws java.io.IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The group's committed offsets on the topic, summed over its partitions. */
    private long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
