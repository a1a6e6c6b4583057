package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.microscaler.bus.Addresses;
import io.microscaler.config.ConfigException;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.forecast.ClosedSlot;
import io.microscaler.history.HistoryRecords;
import io.microscaler.ingest.DeadLetterRecord;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.MutableClock;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A predictive service's history survives its owner: an instance that starts reads the busy rates
 * the one before it wrote to the forecast history topic, forecasts at once (not after two days)
 * and trusts the forecast as the old owner did (not after 30 minutes); and it writes each minute it
 * closes, for the next owner.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ForecastHistoryIT {

    private static final String SHOP = "shop";
    private static final long DAY = 86_400;

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void aNewInstanceForecastsFromTheHistoryTheOldOneWroteAndWritesItsOwn(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("history");
        String history = prefix + ".forecast-history";
        broker.createTopic(prefix + ".requests", 4);
        broker.createTopic(history, 3); // not the requests topic's count: the history has its own homes
        // 40 s into a minute, so that the instance closes a minute of its own soon after it starts
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(40);
        long minute = now.getEpochSecond() - 40;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            // What the old owner wrote: 300 requests/s in the busy minutes around this time on the 3 days
            // before, and today until now; another service's history beside it, and a record no one can read
            for (int d = 3; d >= 0; d--) {
                for (long m = -90; m <= (d == 0 ? -1 : 90); m++) {
                    long start = minute - d * DAY + m * 60;
                    write(producer, history, SHOP, new ClosedSlot(start, 60, 300));
                    write(producer, history, "other", new ClosedSlot(start, 60, 5));
                }
            }
            producer.send(new ProducerRecord<>(history, ServicePartitions.home(SHOP, 3), null,
                    Events.key(SHOP), "{\"v\":1,\"service\":\"shop\",\"start\":\"soon\"}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        MicroscalerConfig config = started.config(broker, prefix, 1, """
                tick: 200ms
                serviceDefaults:
                  target: 100
                  maxTasks: 10
                services:
                  shop:
                    predictive: true
                    predictiveHorizon: 60s
                  other: {}
                """);
        MutableClock clock = new MutableClock(now);
        Microscaler microscaler = started.start(config, clock);
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> decisions.add(m.body()));
        // Today it is quiet so far: 10 requests/s, one task's worth; the forecast says 300 is coming
        requests(broker, prefix, now.minusSeconds(30), now);

        await().atMost(Duration.ofSeconds(60)).until(() -> decisions.stream().anyMatch(d -> d.to() == 3));
        Decision raised = decisions.stream().filter(d -> d.to() == 3).findFirst().orElseThrow();
        assertThat(raised.message()).as("raised by the forecast restored at start, trusted at once")
                .startsWith("predictive: 300.0/s forecast");
        var deadLettered = broker.consumeMatching(prefix + ".dead-letter",
                r -> r.headers().lastHeader(DeadLetterRecord.SOURCE_TOPIC) != null
                        && history.equals(new String(r.headers().lastHeader(DeadLetterRecord.SOURCE_TOPIC).value(),
                        StandardCharsets.UTF_8)), 1, Duration.ofSeconds(30));
        assertThat(deadLettered).singleElement().satisfies(r -> assertThat(
                new String(r.headers().lastHeader(DeadLetterRecord.DETAIL).value(), StandardCharsets.UTF_8))
                .isEqualTo("not a forecast history record: \"start\" must be a whole number in [0, 4611686018427387903],"
                        + " but was \"soon\""));

        // The minute the instance saw closes: it is written for the next owner, with the busy rate it saw
        clock.set(now.plusSeconds(30));
        requests(broker, prefix, now, now.plusSeconds(30));
        var written = broker.consumeMatching(history, r -> isShopSlot(r, minute), 1, Duration.ofSeconds(60));
        assertThat(written).singleElement().satisfies(r ->
                assertThat(HistoryRecords.read(r.value()).slot()).isEqualTo(new ClosedSlot(minute, 60, 10.0)));
    }

    @Test
    void whereTopicsAreManagedElsewhereAMissingHistoryTopicStopsTheStartNamingTheKey(KafkaTestBroker broker) {
        String prefix = broker.uniqueName("history-missing");
        broker.createTopic(prefix + ".requests", 2);
        MicroscalerConfig config = started.config(broker, prefix, TestConfigs.kafkaAndHttp(1)
                .replace("  partitions: 4\n", "  partitions: 4\n  createTopics: false\n") + """
                services:
                  shop: {predictive: true}
                """);
        assertThat(config.kafka().createTopics()).isFalse();

        Throwable failed = catchThrowable(() -> Microscaler.start(config, new MutableClock(Instant.now()))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));

        assertThat(failed).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.topics.forecastHistory")
                .hasMessageContaining(prefix + ".forecast-history")
                .hasMessageContaining("create it with cleanup.policy=delete and retention.ms=691200000");
    }

    /** 10 requests/s of {@link #SHOP}, from {@code from} until {@code until}. */
    private static void requests(KafkaTestBroker broker, String prefix, Instant from, Instant until) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (long ts = from.toEpochMilli(); ts < until.toEpochMilli(); ts += 100) {
                producer.send(new ProducerRecord<>(prefix + ".requests", null, ts, Events.key(SHOP),
                        Events.request(SHOP, ts, 25, 200)));
            }
        }
    }

    private static boolean isShopSlot(ConsumerRecord<byte[], byte[]> r, long start) {
        try {
            HistoryRecords.Entry e = HistoryRecords.read(r.value());
            return e.service().equals(SHOP) && e.slot().start() == start && e.slot().rate() != 300;
        } catch (IllegalArgumentException unreadable) {
            return false; // the one written unreadable on purpose
        }
    }

    private static void write(KafkaProducer<byte[], byte[]> producer, String topic, String service, ClosedSlot slot) {
        producer.send(new ProducerRecord<>(topic, HistoryRecords.key(service), HistoryRecords.value(service, slot)));
    }
}
