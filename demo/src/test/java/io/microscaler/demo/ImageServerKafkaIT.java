package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.await;
import static io.microscaler.demo.DemoTestSupport.getNow;
import static io.microscaler.demo.DemoTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.RequestEvent;
import io.microscaler.ingest.SummaryEvent;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Image servers' events reach a real Kafka broker through the shared producer, in the shape ingest accepts. */
@ExtendWith({VertxExtension.class, KafkaBrokerExtension.class})
class ImageServerKafkaIT {

    private static DecodeResult decode(ConsumerRecord<byte[], byte[]> r) {
        return DemoTestSupport.DECODER.decode(EventDecoder.Stream.REQUESTS, r.value(), Instant.now());
    }

    @Test
    void everyRequestBecomesARequestEventKeyedByService(Vertx vertx, KafkaTestBroker broker) {
        String topic = broker.uniqueName("requests");
        broker.createTopic(topic, 3);
        KafkaEventSink sink = await(KafkaEventSink.start(vertx, broker.bootstrapServers(), topic, Duration.ofSeconds(30)));
        ImageServerSettings s = new ImageServerSettings(2, 10, 5, 1, 0, ImageServerSettings.EventMode.REQUESTS, topic);
        ImageServer a = new ImageServer("iiif", "task-a", s, sink);
        ImageServer b = new ImageServer("iiif", "task-b", s, sink);
        await(vertx.deployVerticle(a));
        await(vertx.deployVerticle(b));

        assertThat(getNow(a.port(), "/iiif/x/full/512,/0/default.jpg").statusCode()).isEqualTo(200);
        assertThat(getNow(b.port(), "/iiif/x/info.json").statusCode()).isEqualTo(200);
        assertThat(getNow(b.port(), "/iiif/x/bad/512,/0/default.jpg").statusCode()).isEqualTo(400);

        // besides the requests, each server sends a summary of none each second: its backlog
        List<ConsumerRecord<byte[], byte[]>> all = broker.consumeAll(topic, 5, Duration.ofSeconds(30));
        assertThat(all.stream().map(ImageServerKafkaIT::decode).map(d -> ((DecodeResult.Accepted) d).event()))
                .filteredOn(e -> e instanceof SummaryEvent).isNotEmpty()
                .allSatisfy(e -> assertThat(((SummaryEvent) e).count()).isZero());
        List<ConsumerRecord<byte[], byte[]>> records = broker.consumeMatching(topic,
                r -> decode(r) instanceof DecodeResult.Accepted ok && ok.event() instanceof RequestEvent, 3,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("iiif"));
        assertThat(records.stream().map(r -> r.partition()).distinct()).as("one service, one partition").hasSize(1);
        List<RequestEvent> events = records.stream().map(ImageServerKafkaIT::decode)
                .map(d -> (RequestEvent) ((DecodeResult.Accepted) d).event()).toList();
        assertThat(events).extracting(RequestEvent::task, RequestEvent::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("task-a", 200), org.assertj.core.groups.Tuple.tuple("task-b", 200),
                org.assertj.core.groups.Tuple.tuple("task-b", 400));
        assertThat(events.get(0).latencyMs()).isGreaterThanOrEqualTo(5);
        assertThat(events.get(0).bytes()).isBetween(18_000L, 64_000L);
        assertThat(sink.sent()).isGreaterThanOrEqualTo(3 + 2); // the requests and a heartbeat or more per server
        assertThat(sink.failed()).isZero();
        await(vertx.undeploy(a.deploymentID()));
        await(vertx.undeploy(b.deploymentID()));
        await(sink.close(vertx));
    }

    @Test
    void inSummaryModeEachSecondIsOneSummaryAndIdleSecondsAreHeartbeats(Vertx vertx, KafkaTestBroker broker) {
        String topic = broker.uniqueName("summaries");
        broker.createTopic(topic, 1);
        KafkaEventSink sink = await(KafkaEventSink.start(vertx, broker.bootstrapServers(), topic, Duration.ofSeconds(30)));
        ImageServer server = new ImageServer("iiif", "task-a",
                new ImageServerSettings(2, 10, 5, 1, 0, ImageServerSettings.EventMode.SUMMARIES, topic), sink);
        await(vertx.deployVerticle(server));
        getNow(server.port(), "/iiif/x/full/512,/0/default.jpg");
        getNow(server.port(), "/iiif/x/info.json");

        // three intervals: the two requests are in the first one or two, the last is idle
        List<ConsumerRecord<byte[], byte[]>> records = broker.consumeAll(topic, 3, Duration.ofSeconds(30));
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        List<SummaryEvent> summaries = records.stream().map(ImageServerKafkaIT::decode)
                .map(d -> (SummaryEvent) ((DecodeResult.Accepted) d).event()).toList();
        assertThat(summaries.stream().mapToLong(SummaryEvent::count).sum()).isEqualTo(2);
        assertThat(summaries.get(summaries.size() - 1).count()).as("a heartbeat").isZero();
        assertThat(summaries).allSatisfy(e -> assertThat(e.intervalMs()).isEqualTo(1000));
        await(vertx.undeploy(server.deploymentID()));
        await(sink.close(vertx));
    }

    @Test
    void aBrokerThatCannotBeReachedFailsTheStartNamingTheTopic(Vertx vertx) throws java.io.IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String topic = "microscaler.requests";
        Throwable failure = DemoTestSupport.join(KafkaEventSink.start(vertx, "127.0.0.1:" + closed, topic,
                Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture().handle((ok, e) -> e));
        assertThat(failure).isNotNull();
        assertThat(failure.getCause() != null ? failure.getCause() : failure).hasMessageContaining(topic);
    }
}
