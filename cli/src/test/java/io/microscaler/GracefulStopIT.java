package io.microscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processes as a platform runs and stops them (issue 17 measured 60 s of "ready" with the
 * broker gone, 32 s to stop and exit code 143). SIGTERM ({@link Process#destroy()}, what
 * {@code docker stop} and ECS send) ends the production jar, the full CLI's {@code run} and
 * {@code demo} with exit code 0 within 10 s: with every used record's offset committed, and with
 * the broker gone too. On the way, {@code /health/ready} turns 503 with the reason once the broker
 * stops and 200 once it is back. The broker is the test's own, since it is stopped.
 */
@Tag("slow")
class GracefulStopIT {

    private static final Path SERVICE_JAR = Path.of(System.getProperty("microscaler.productionJar",
            "service/target/microscaler-service.jar"));
    private static final Path CLI_JAR = Path.of("target", "microscaler.jar");
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
    void theProductionJarCommitsWhatItUsedAndExitsZero() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        HttpJson http = new HttpJson(startService("stop"));
        // Ready: the consumer has its partitions, so records produced now are read ("latest" reads no earlier ones)
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
        int records = 40;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("stop.requests", Events.key("iiif"),
                        Events.request("iiif", System.currentTimeMillis(), 20, 200)));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> http.metric("microscaler_ingest_records_total",
                "topic=\"stop.requests\"", "outcome=\"recorded\"") >= records);

        long took = stop();

        System.out.printf("production jar, broker up: exit %d %d ms after SIGTERM%n", process.exitValue(), took);
        assertThat(process.exitValue()).as(output()).isZero();
        assertThat(committed("stop-group", "stop.requests")).as("offsets committed for every record used; output:%n%s",
                output()).isEqualTo(records);
        assertThat(output()).contains("SIGTERM received: stopping").contains("stopped in");
    }

    @Test
    void theProductionJarIsNotReadyWithoutItsBrokerAndStillExitsZero() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        HttpJson http = new HttpJson(startService("gone"));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);

        long stopped = System.nanoTime();
        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 503);
        System.out.printf("production jar: /health/ready 503 %.1f s after the broker stopped%n", (System.nanoTime() - stopped) / 1e9);
        JsonObject down = new JsonObject(http.get("/health/ready").body());
        assertThat(down.getBoolean("brokerReachable")).isFalse();
        assertThat(down.getJsonArray("reasons").getString(0)).startsWith("Kafka broker unreachable: ");

        long restarted = System.nanoTime();
        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
        System.out.printf("production jar: /health/ready 200 %.1f s after the broker was back%n", (System.nanoTime() - restarted) / 1e9);

        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 503);
        long took = stop();

        System.out.printf("production jar, broker gone: exit %d %d ms after SIGTERM%n", process.exitValue(), took);
        assertThat(process.exitValue()).as(output()).isZero();
    }

    @Test
    void theFullCliRunInTheLocalWorldExitsZero() throws Exception {
        start("run", List.of("run", "--http-port", "0", "--lb-port", "0"), Map.of());
        await().atMost(Duration.ofSeconds(120)).until(() -> READY.matcher(output()).find() || !process.isAlive());
        assertThat(READY.matcher(output()).find()).as(output()).isTrue();

        long took = stop();

        System.out.printf("full CLI run (local world): exit %d %d ms after SIGTERM%n", process.exitValue(), took);
        assertThat(process.exitValue()).as(output()).isZero();
        assertThat(output()).contains("stopped in").contains("embedded Kafka broker on");
    }

    @Test
    void theDemoEndsWithItsSummaryAndExitsZero() throws Exception {
        start("demo", List.of("demo", "--traffic", "external", "--duration", "5m", "--http-port", "0", "--lb-port", "0"),
                Map.of());
        await().atMost(Duration.ofSeconds(120)).until(() -> output().contains("t=") || !process.isAlive());
        assertThat(output()).as(output()).contains("demo: live status page");

        long took = stop();

        System.out.printf("demo: exit %d %d ms after SIGTERM%n", process.exitValue(), took);
        assertThat(process.exitValue()).as(output()).isZero();
        assertThat(output()).contains("demo: stopped after").contains("demo summary:");
    }

    /** Starts the production jar against the broker, with topics and group named by {@code prefix}; its HTTP port. */
    private int startService(String prefix) throws Exception {
        String yaml = TestConfigs.kafkaAndHttp(1).replace("${prefix}", prefix).replace("${bootstrap}", broker.bootstrapServers())
                + "services:\n  iiif: {}\n";
        Path config = Files.writeString(dir.resolve(prefix + ".yaml"), yaml);
        start(prefix, List.of("run", "--config", config.toString()), Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> READY.matcher(output()).find() || !process.isAlive());
        Matcher ready = READY.matcher(output());
        assertThat(ready.find()).as(output()).isTrue();
        return Integer.parseInt(ready.group(1));
    }

    private void start(String name, List<String> args, Map<String, String> env) throws Exception {
        Path jar = args.get(0).equals("run") && args.contains("--config") ? SERVICE_JAR : CLI_JAR;
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
        run.environment().putAll(env);
        // To a file, not a pipe: a pipe read while the process exits loses its last lines ("Stream closed").
        log = dir.resolve(name + ".log");
        process = run.redirectOutput(log.toFile()).start();
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

    /** The group's committed offsets on the topic, summed over its partitions. */
    private long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
