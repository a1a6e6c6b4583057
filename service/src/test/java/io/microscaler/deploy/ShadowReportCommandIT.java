package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.service.ShadowReportCommand;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code shadow-report} against a real broker: shadow decisions on the decisions topic over an
 * hour (the record timestamps are the decisions' times, as the audit producer writes them), one
 * before the span and one act-mode record; the table gives each service's would-be and running
 * counts and task-hours over the span, and reading it joins no consumer group.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ShadowReportCommandIT {

    @Test
    void theReportComparesWhatShadowModeWouldHaveSetWithWhatRan(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("report");
        MicroscalerConfig config = new StartedMicroscaler().config(broker, prefix, TestConfigs.kafkaAndHttp(1));
        String topic = config.kafka().topics().decisions();
        broker.createTopic(topic, 3);
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            send(producer, topic, "iiif", t0.minus(Duration.ofMinutes(5)), 1, 2, true, 1); // before the span
            send(producer, topic, "iiif", t0, 2, 5, true, 2);
            send(producer, topic, "iiif", t0.plus(Duration.ofMinutes(30)), 5, 3, true, 4);
            send(producer, topic, "tiles", t0.plus(Duration.ofMinutes(15)), 4, 2, true, 4);
            send(producer, topic, "web", t0.plus(Duration.ofMinutes(20)), 1, 2, false, 1);
            send(producer, topic, "iiif", t0.plus(Duration.ofMinutes(70)), 3, 8, true, 3); // after the span
            producer.flush();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ShadowReportCommand.report(config, t0, t0.plus(Duration.ofHours(1)), List.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        System.out.print(table);

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(table).containsPattern("iiif +2 +2 +2–5 +4\\.00 +2–4 +3\\.00 +1\\.33")
                .containsPattern("tiles +1 +1 +2–4 +1\\.50 +4–4 +3\\.00 +0\\.50")
                .doesNotContain("web ").contains("1 act-mode record(s) in the span not compared");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers",
                broker.bootstrapServers()))) {
            assertThat(admin.listConsumerGroups().all().get()).as("no consumer group joined")
                    .noneMatch(g -> g.groupId().contains("shadow-report"));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String service, Instant at, int from,
                             int to, boolean shadow, int running) {
        String json = "{\"v\":1,\"service\":\"" + service + "\",\"ts\":" + at.toEpochMilli() + ",\"seq\":1,\"from\":" + from
                + ",\"to\":" + to + ",\"policy\":\"target-tracking\",\"reason\":\"target-tracking\",\"message\":\"m\""
                + (shadow ? ",\"shadow\":true" : "") + ",\"inputs\":{\"running\":" + running + ".0,\"tasks\":" + from
                + ".0},\"recommendations\":[]}";
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), service.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
    }
}
