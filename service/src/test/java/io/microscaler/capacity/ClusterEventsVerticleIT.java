package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.microscaler.bus.Addresses;
import io.microscaler.ingest.DeadLetterRecord;
import io.microscaler.ingest.RejectReason;
import io.microscaler.ingest.DeadLetterRecord;
import io.microscaler.ingest.RejectReason;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.bus.Codecs;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.Topics;
import io.microscaler.observability.IngestMeters;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.TestConfigs;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The cluster topic, read for real: events reach the bus, bad records the dead-letter topic, partition 0 leads. */
@ExtendWith(KafkaBrokerExtension.class)
class ClusterEventsVerticleIT {

    @TempDir
    Path dir;
    private Vertx vertx;

    @AfterEach
    void close() {
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void publishesClusterEventsDeadLettersBadOnesAndLeadsWithPartitionZero(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("cluster");
        MicroscalerConfig config = TestConfigs.load(dir, TestConfigs.kafkaAndHttp(1) + "services:\n  iiif: {}\n",
                broker.bootstrapServers(), prefix);
        vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        List<ClusterLeadership> leadership = new CopyOnWriteArrayList<>();
        vertx.eventBus().<ClusterEvent>localConsumer(Addresses.CLUSTER_EVENTS, m -> events.add(m.body()));
        vertx.eventBus().<ClusterLeadership>localConsumer(Addresses.CLUSTER_LEADERSHIP, m -> leadership.add(m.body()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Topics.ensure(vertx, config.kafka(), broker.bootstrapServers(), false, false).await();
        vertx.deployVerticle(new ClusterEventsVerticle(config, broker.bootstrapServers(), new IngestMeters(registry))).await();

        // One consumer in the group holds every partition, partition 0 among them.
        await().atMost(Duration.ofSeconds(60)).until(() -> leadership.stream().anyMatch(ClusterLeadership::leading));

        String cluster = prefix + ".cluster";
        String spot = """
                {"version":"0","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
                 "time":"2026-11-23T10:00:00Z","detail":{"instance-id":"i-0abc","instance-action":"terminate"}}""";
        String otherType = """
                {"version":"0","detail-type":"ECS Service Action","time":"2026-11-23T10:00:00Z","detail":{}}""";
        String broken = "{\"detail-type\":\"ECS Task State Change\",\"time\":\"2026-11-23T10:00:00Z\",\"detail\":{}}";
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (String value : List.of(otherType, broken, spot)) {
                producer.send(new ProducerRecord<>(cluster, bytes("demo-cluster"), bytes(value))).get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !events.isEmpty());
        assertThat(events).containsExactly(
                new ClusterEvent.SpotInterruption(Instant.parse("2026-11-23T10:00:00Z"), "i-0abc", "terminate"));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = broker.consumeAll(prefix + ".dead-letter", 1, Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(broken);
        assertThat(new String(deadLetters.get(0).headers().lastHeader(DeadLetterRecord.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo(RejectReason.MISSING_FIELD.label());
        assertThat(registry.get("microscaler_ingest_records").tag("topic", cluster).tag("outcome", "ignored").counter().count())
                .isEqualTo(1.0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
