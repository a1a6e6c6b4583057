package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.service.Microscaler;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.ingest.DeadLetterRecord;
import io.microscaler.ingest.RejectReason;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input loses nothing: every kind of bad record, interleaved with valid events, lands on the
 * dead-letter topic with its reason and source, every valid event is counted in the windows, and
 * /metrics agrees with both.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DeadLetterIT {

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();
    private Microscaler microscaler;

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndEveryValidOneIsCounted(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("dlt");
        MicroscalerConfig config = started.config(broker, prefix, 1, """
                tick: 100ms
                services:
                  iiif: {}
                """);
        microscaler = started.start(config, Clock.systemUTC());
        HttpJson http = new HttpJson(microscaler.httpPort());

        long now = System.currentTimeMillis();
        Map<String, BadRecord> bad = new LinkedHashMap<>();
        bad.put("not JSON", new BadRecord("hello, autoscaler", RejectReason.NOT_JSON));
        bad.put("binary garbage", new BadRecord(new byte[] {0, (byte) 0xFF, (byte) 0xFE, 7, 0x1B, (byte) 0x80}, RejectReason.NOT_JSON));
        bad.put("truncated JSON", new BadRecord("{\"v\":1,\"service\":\"iiif\",\"ts\":" + now + ",\"latencyMs\":", RejectReason.TRUNCATED_JSON));
        bad.put("empty value", new BadRecord(new byte[0], RejectReason.EMPTY));
        bad.put("missing service", new BadRecord("{\"v\":1,\"ts\":" + now + ",\"latencyMs\":5,\"status\":200}", RejectReason.MISSING_FIELD));
        bad.put("unknown v", new BadRecord("{\"v\":2,\"service\":\"iiif\",\"ts\":" + now + ",\"latencyMs\":5,\"status\":200}", RejectReason.UNKNOWN_VERSION));
        bad.put("wrong field type", new BadRecord("{\"v\":1,\"service\":\"iiif\",\"ts\":" + now + ",\"latencyMs\":\"fast\",\"status\":200}", RejectReason.WRONG_TYPE));
        bad.put("negative latency", new BadRecord("{\"v\":1,\"service\":\"iiif\",\"ts\":" + now + ",\"latencyMs\":-4,\"status\":200}", RejectReason.NEGATIVE_VALUE));
        bad.put("a day in the future", new BadRecord("{\"v\":1,\"service\":\"iiif\",\"ts\":" + (now + 86_400_000L) + ",\"latencyMs\":5,\"status\":200}", RejectReason.TIME_OUT_OF_RANGE));
        bad.put("500 KB string field", new BadRecord("{\"v\":1,\"service\":\"iiif\",\"ts\":" + now + ",\"latencyMs\":5,\"status\":200,\"task\":\"" + "x".repeat(500_000) + "\"}", RejectReason.RECORD_TOO_LARGE));
        bad.put("unconfigured service", new BadRecord(new String(Events.request("nobody-scales-me", now, 5, 200), StandardCharsets.UTF_8), RejectReason.UNKNOWN_SERVICE));
        bad.put("JSON array", new BadRecord("[1,2,3]", RejectReason.NOT_JSON));
        // "ii\xC1\xA9f": an overlong 'i' that a lenient decoder reads as the configured service iiif
        bad.put("overlong UTF-8", new BadRecord(overlongIiif(now), RejectReason.NOT_JSON));

        String requests = prefix + ".requests";
        Map<Long, BadRecord> badByOffset = new HashMap<>();
        List<RecordMetadata> valid = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (BadRecord b : bad.values()) {
                for (int i = 0; i < 8; i++) {
                    long ts = System.currentTimeMillis();
                    valid.add(producer.send(new ProducerRecord<>(requests, Events.key("iiif"), Events.request("iiif", ts, 30, 200))).get());
                }
                RecordMetadata m = producer.send(new ProducerRecord<>(requests, Events.key("iiif"), b.value)).get();
                badByOffset.put(m.offset(), b);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = broker.consumeAll(prefix + ".dead-letter", bad.size(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(bad.size());
        for (ConsumerRecord<byte[], byte[]> dl : deadLetters) {
            long sourceOffset = Long.parseLong(header(dl, DeadLetterRecord.SOURCE_OFFSET));
            BadRecord expected = badByOffset.get(sourceOffset);
            assertThat(expected).as("dead letter from offset %d", sourceOffset).isNotNull();
            assertThat(header(dl, DeadLetterRecord.REASON)).isEqualTo(expected.reason.label());
            assertThat(header(dl, DeadLetterRecord.SOURCE_TOPIC)).isEqualTo(requests);
            assertThat(header(dl, DeadLetterRecord.SOURCE_PARTITION)).isEqualTo(Integer.toString(valid.get(0).partition()));
            assertThat(header(dl, DeadLetterRecord.DETAIL)).isNotBlank();
            assertThat(dl.value()).isEqualTo(expected.value);
            assertThat(dl.key()).isEqualTo(Events.key("iiif"));
        }

        // Every valid event is in the window, and the counters agree with what the test sent.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = http.service("iiif");
            return s != null && s.path("recordedEvents").asLong() == valid.size();
        });
        assertThat(http.metric("microscaler_ingest_records_total", "outcome=\"recorded\"")).isEqualTo(valid.size());
        assertThat(http.metric("microscaler_ingest_records_total", "outcome=\"dead_letter\"")).isEqualTo(bad.size());
        Map<RejectReason, Long> perReason = new HashMap<>();
        bad.values().forEach(b -> perReason.merge(b.reason, 1L, Long::sum));
        perReason.forEach((reason, count) -> assertThat(
                http.metric("microscaler_ingest_dead_letter_total", "reason=\"" + reason.label() + "\""))
                .as("dead letters for %s", reason.label()).isEqualTo(count.doubleValue()));
    }

    private static byte[] overlongIiif(long ts) {
        byte[] record = ("{\"v\":1,\"service\":\"ii??f\",\"ts\":" + ts + ",\"latencyMs\":5,\"status\":200}")
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(record, StandardCharsets.UTF_8).indexOf("??");
        record[at] = (byte) 0xC1;
        record[at + 1] = (byte) 0xA9;
        return record;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private record BadRecord(byte[] value, RejectReason reason) {
        BadRecord(String text, RejectReason reason) {
            this(text.getBytes(StandardCharsets.UTF_8), reason);
        }

        @Override
        public String toString() {
            return reason + " " + Arrays.toString(Arrays.copyOf(value, Math.min(20, value.length)));
        }
    }
}
