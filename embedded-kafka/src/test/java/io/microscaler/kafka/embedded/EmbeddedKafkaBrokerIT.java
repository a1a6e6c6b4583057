package io.microscaler.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The embedded broker is a real broker: topics, produce, consume in a group; and it cleans up. */
class EmbeddedKafkaBrokerIT {

    @Test
    void servesATopicRoundTripAndLeavesNothingBehind() throws Exception {
        Path directory;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            directory = broker.directory();
            assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(directory).isDirectory();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("round-trip", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                TopicDescription topic = admin.describeTopics(List.of("round-trip")).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get("round-trip");
                assertThat(topic.partitions()).hasSize(3);
            }

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "acks", "all",
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", StringSerializer.class.getName()))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("round-trip", "key-" + i, "value-" + i));
                }
                producer.flush();
            }

            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "group.id", "round-trip-readers",
                    "auto.offset.reset", "earliest",
                    "key.deserializer", StringDeserializer.class.getName(),
                    "value.deserializer", StringDeserializer.class.getName()))) {
                consumer.subscribe(List.of("round-trip"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (read.size() < 100 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
            }
            assertThat(read).hasSize(100);
            assertThat(read.stream().map(ConsumerRecord::value).collect(Collectors.toSet()))
                    .hasSize(100).contains("value-0", "value-99");
            assertThat(read.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                    .as("keys spread over the 3 partitions").hasSize(3);
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void closingTwiceIsHarmlessAndTwoBrokersCanRunSideBySide() {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start()) {
            EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start();
            assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
            second.close();
            second.close();
            assertThat(second.directory()).doesNotExist();
            assertThat(first.directory()).isDirectory();
        }
    }

    @Test
    void aBrokerThatCannotStartSaysWhyAndLeavesNoFolder() throws IOException {
        Set<Path> before = brokerFolders();

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(Map.of("num.io.threads", "0")))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("num.io.threads");

        assertThat(brokerFolders()).isSubsetOf(before);
    }

    @Test
    void aPortTakenByAnotherProcessIsAClearErrorAndThePartlyStartedBrokerIsStopped() throws IOException {
        Set<Path> before = brokerFolders();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int controllerPort = freePort();
            String plaintext = "PLAINTEXT://127.0.0.1:" + taken.getLocalPort();
            // The controller starts on its free port; then the broker cannot bind its own.
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(Map.of(
                    "listeners", plaintext + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners", plaintext,
                    "controller.quorum.voters", "1@127.0.0.1:" + controllerPort)))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining("Address already in use");
            // Stopped, not leaked: the controller's port is free again.
            new ServerSocket(controllerPort, 50, InetAddress.getByName("127.0.0.1")).close();
        }
        assertThat(brokerFolders()).isSubsetOf(before);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static Set<Path> brokerFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("microscaler-kafka-"))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }
}
