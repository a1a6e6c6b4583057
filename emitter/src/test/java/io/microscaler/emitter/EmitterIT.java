package io.microscaler.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.SummaryEvent;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Vert.x Web server with the handler, a real broker: 5 requests (one a 503) show as one summary
 * of 5 with 1 error keyed by the service, and the intervals after it as summaries of 0 (heartbeats),
 * each read by microscaler's own decoder.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EmitterIT {

    @Test
    void aVertxServerSendsItsSummariesAndItsHeartbeats(KafkaTestBroker broker) throws Exception {
        String topic = broker.uniqueName("emitter") + ".requests";
        broker.createTopic(topic, 1);
        Vertx vertx = Vertx.vertx();
        RequestSummaries summaries = new RequestSummaries();
        List<Exception> sendFailures = new CopyOnWriteArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer();
             SummaryEmitter emitter = new SummaryEmitter(summaries, producer, topic, "iiif", Duration.ofMillis(200),
                     Clock.systemUTC(), (t, e) -> sendFailures.add(e))) {
            Router router = Router.router(vertx);
            router.route().handler(new VertxSummaryHandler(summaries));
            router.get("/fail").handler(ctx -> ctx.response().setStatusCode(503).end());
            router.get("/tile").handler(ctx -> ctx.response().end("tile"));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get();
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of("/tile", "/tile", "/tile", "/tile", "/fail")) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            emitter.start();

            List<ConsumerRecord<byte[], byte[]>> records = broker.consumeAll(topic, 3, Duration.ofSeconds(15));
            assertThat(records).as("three intervals sent").hasSizeGreaterThanOrEqualTo(3);
            EventDecoder decoder = new EventDecoder(65_536, 256, Duration.ofSeconds(5));
            List<SummaryEvent> seen = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("iiif");
                DecodeResult d = decoder.decode(EventDecoder.Stream.REQUESTS, r.value(), Instant.now());
                assertThat(d).isInstanceOf(DecodeResult.Accepted.class);
                seen.add((SummaryEvent) ((DecodeResult.Accepted) d).event());
            }
            assertThat(seen.get(0).count()).isEqualTo(5);
            assertThat(seen.get(0).errors()).isEqualTo(1);
            assertThat(seen.get(0).inFlight()).isZero();
            assertThat(seen.subList(1, seen.size())).as("heartbeats while idle").allSatisfy(s -> {
                assertThat(s.count()).isZero();
                assertThat(s.intervalMs()).isEqualTo(200);
            });
            assertThat(sendFailures).isEmpty();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
