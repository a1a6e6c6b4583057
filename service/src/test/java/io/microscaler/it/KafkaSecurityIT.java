package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.KafkaAccessException;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.SecureKafkaBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Production Kafka: one broker that takes only TLS with SCRAM-SHA-512 logins and an authorizer
 * that allows each user what its ACLs say, nothing more.
 * <ul>
 *   <li>microscaler, with {@code kafka.security: scram-sha-512} and exactly the ACLs docs/deploy.md
 *       lists for it, creates its topics, consumes events, decides, audits the decision and
 *       dead-letters a bad record;</li>
 *   <li>an application's producer, allowed to write requests and demand only, cannot write to the
 *       cluster topic (so it cannot drain instances) nor the audit topic;</li>
 *   <li>with a wrong password microscaler does not start, and says which broker refused it and why.</li>
 * </ul>
 */
class KafkaSecurityIT {

    private static final String SCALER = "scaler";
    private static final String SCALER_PASSWORD = "scaler-\"pass\\word";
    private static final String PRODUCER = "orders-app";
    private static final String PRODUCER_PASSWORD = "producer-secret";
    private static final String REPORTER = "capacity-reporter";
    private static final String REPORTER_PASSWORD = "reporter-secret";
    private static final String PREFIX = "sec";
    private static final String GROUP = PREFIX + "-group";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SecureKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = SecureKafkaBroker.start(Map.of(PRODUCER, PRODUCER_PASSWORD, REPORTER, REPORTER_PASSWORD));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.superUserBootstrapServers()))) {
            // microscaler's password has a quote and a backslash, which its JAAS line must escape; the
            // Admin API takes it as it is (the format-time list would have to be quoted).
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(SCALER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCALER_PASSWORD))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    admin.describeUserScramCredentials(List.of(SCALER)).all().get().containsKey(SCALER));
            List<AclBinding> acls = new ArrayList<>(microscalerAcls("User:" + SCALER));
            // An application's producer: WRITE on requests and demand, nothing else.
            acls.add(allow("User:" + PRODUCER, ResourceType.TOPIC, PREFIX + ".requests", AclOperation.WRITE));
            acls.add(allow("User:" + PRODUCER, ResourceType.TOPIC, PREFIX + ".demand", AclOperation.WRITE));
            // What reports capacity (instances and their spare room): WRITE on the cluster topic.
            acls.add(allow("User:" + REPORTER, ResourceType.TOPIC, PREFIX + ".cluster", AclOperation.WRITE));
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The broker applies them from the metadata log a moment after the controller commits them.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    admin.describeAcls(AclBindingFilter.ANY).values().get().size() >= acls.size());
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The ACLs docs/deploy.md lists for microscaler's principal: its topics and its two consumer
     * groups, no cluster-wide right (idempotent producers need only WRITE on a topic since Kafka 3.0).
     */
    static List<AclBinding> microscalerAcls(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        // (wishes and grants only with cluster.enabled, which this test does not run)
        for (String topic : List.of("requests", "demand", "cluster", "decisions", "dead-letter", "admin")) {
            acls.add(allow(principal, ResourceType.TOPIC, PREFIX + "." + topic, AclOperation.CREATE)); // kafka.createTopics
        }
        for (String topic : List.of("requests", "demand", "cluster", "admin")) {
            acls.add(allow(principal, ResourceType.TOPIC, PREFIX + "." + topic, AclOperation.READ));
        }
        // decisions and dead letters; requests and demand too: a mis-keyed record is written again to its home partition
        for (String topic : List.of("requests", "demand", "decisions", "dead-letter", "admin")) {
            acls.add(allow(principal, ResourceType.TOPIC, PREFIX + "." + topic, AclOperation.WRITE));
        }
        acls.add(allow(principal, ResourceType.GROUP, GROUP, AclOperation.READ));
        acls.add(allow(principal, ResourceType.GROUP, GROUP + "-cluster", AclOperation.READ));
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void overTlsAndScramItConsumesDecidesAuditsAndDeadLetters() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("kafka-password"), SCALER_PASSWORD + "\n");
        MicroscalerConfig config = config("""
                  username: %s
                  passwordFile: %s
                """.formatted(SCALER, passwordFile));
        assertThat(config.toString()).doesNotContain("pass\\word").doesNotContain(SCALER_PASSWORD);

        // Every log line while it runs, with the Kafka clients' own configuration dumps turned on
        // (production logs org.apache.kafka at WARN; someone debugging may not).
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        List<Logger> configDumps = Stream.of(AbstractConfig.class, ConsumerConfig.class, ProducerConfig.class, AdminClientConfig.class)
                .map(c -> (Logger) LoggerFactory.getLogger(c)).toList();
        configDumps.forEach(l -> l.setLevel(Level.INFO));
        Microscaler microscaler = StartedMicroscaler.ready(config, Clock.systemUTC());
        try {
            try (KafkaProducer<byte[], byte[]> producer = producer(PRODUCER, PRODUCER_PASSWORD)) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>(PREFIX + ".requests", Events.key("iiif"),
                            Events.request("iiif", now, 20, 200))).get();
                }
                producer.send(new ProducerRecord<>(PREFIX + ".requests", Events.key("iiif"),
                        "not an event".getBytes(StandardCharsets.UTF_8))).get();
            }

            // The decision, audited by microscaler (WRITE on decisions), read back as the super user.
            JsonNode decision = JSON.readTree(first(PREFIX + ".decisions").value());
            assertThat(decision.path("service").asText()).isEqualTo("iiif");
            assertThat(decision.path("to").asInt()).isGreaterThan(decision.path("from").asInt());
            ConsumerRecord<byte[], byte[]> deadLetter = first(PREFIX + ".dead-letter");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("not an event");

            // /api/* shows no secret either.
            HttpJson http = new HttpJson(microscaler.httpPort());
            assertThat(http.get("/api/services").body()).doesNotContain("pass\\word").doesNotContain("scaler-");
        } finally {
            microscaler.close();
            root.detachAppender(logs);
            configDumps.forEach(l -> l.setLevel(null));
        }
        // The password neither as given nor as escaped in the JAAS line, in any message or exception.
        Pattern password = Pattern.compile("pass\\\\{1,2}word"); // pass\word, or pass\\word as escaped
        assertThat(logs.list).as("the clients' configuration was logged")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("sasl.jaas.config = [hidden]"));
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).containsPattern(password));
    }

    @Test
    void aProducerWithoutWriteOnTheClusterTopicCannotDrainInstances() throws Exception {
        // microscaler creates its topics when it starts, and this test may run first; without them a
        // producer is refused for want of CREATE, which is not what this test is about.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.superUserBootstrapServers()))) {
            for (String topic : List.of("requests", "cluster", "decisions")) {
                Throwable created = catchThrowable(() -> admin.createTopics(List.of(new NewTopic(PREFIX + "." + topic, 2, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS));
                assertThat(created).satisfiesAnyOf(e -> assertThat(e).isNull(),
                        e -> assertThat(e).cause().isInstanceOf(TopicExistsException.class));
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(PRODUCER, PRODUCER_PASSWORD)) {
            // Its own topic works: the denial below is the ACL, not a broken login.
            producer.send(new ProducerRecord<>(PREFIX + ".requests", Events.key("iiif"),
                    Events.request("iiif", System.currentTimeMillis(), 5, 200))).get(30, TimeUnit.SECONDS);

            byte[] drain = "{\"v\":1,\"instance\":\"i-1\",\"cpu\":0,\"memory\":0,\"draining\":true}".getBytes(StandardCharsets.UTF_8);
            Throwable toCluster = catchThrowable(() -> producer.send(
                    new ProducerRecord<>(PREFIX + ".cluster", drain)).get(30, TimeUnit.SECONDS));
            assertThat(toCluster).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);

            Throwable toAudit = catchThrowable(() -> producer.send(new ProducerRecord<>(PREFIX + ".decisions",
                    "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS));
            assertThat(toAudit).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
        // Whoever reports capacity, with WRITE on the cluster topic, can.
        try (KafkaProducer<byte[], byte[]> reporter = producer(REPORTER, REPORTER_PASSWORD)) {
            assertThat(reporter.send(new ProducerRecord<>(PREFIX + ".cluster", "{}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS).topic()).isEqualTo(PREFIX + ".cluster");
        }
    }

    @Test
    void withAWrongPasswordItDoesNotStartAndNamesTheBrokerAndTheAuthenticationFailure() {
        MicroscalerConfig config = config("""
                  username: %s
                  password: not-the-password
                """.formatted(SCALER));

        Throwable failure = catchThrowable(() -> Microscaler.start(config, Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaAccessException.class);
        assertThat(failure.getCause().getMessage())
                .contains("Kafka at " + broker.bootstrapServers() + " refused to authenticate microscaler")
                .contains("kafka.security: scram-sha-512")
                .contains("SaslAuthenticationException")
                .contains("SCRAM-SHA-512")
                .doesNotContain("not-the-password");
    }

    @Test
    void withAWrongPasswordAndTopicsManagedElsewhereItStillDoesNotStartAndSaysWhy() {
        MicroscalerConfig config = config("""
                  username: %s
                  password: not-the-password
                  createTopics: false
                """.formatted(SCALER));

        // No topic is created then, but the operators' overrides (pauses, pins) are read whole before
        // anything is decided: that read is refused, and says so.
        Throwable failure = catchThrowable(() -> Microscaler.start(config, Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaAccessException.class);
        assertThat(failure.getCause().getMessage())
                .contains("refused to authenticate microscaler while reading the operators' overrides")
                .contains("SaslAuthenticationException")
                .doesNotContain("not-the-password");
    }

    @Test
    void tlsWithAClientCertificateReachesTheBroker() throws Exception {
        // What kafka.security: tls gives the clients, with the key and trust stores as Kafka properties.
        MicroscalerConfig config = tlsConfig(true);
        assertThat(config.kafka().properties()).containsEntry("security.protocol", "SSL");
        try (Admin admin = Admin.create(new HashMap<>(
                KafkaClientProperties.admin(config.kafka(), broker.tlsBootstrapServers(), "tls-check")))) {
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
        }
        assertThat(config.toString()).doesNotContain(broker.certificates().password());
    }

    @Test
    void withoutTheBrokersCertificateInItsTrustStoreItDoesNotStartAndSaysTheTlsHandshakeFailed() {
        MicroscalerConfig config = tlsConfig(false);

        Throwable failure = catchThrowable(() -> Microscaler.start(config, Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(KafkaAccessException.class);
        assertThat(failure.getCause().getMessage())
                .contains("Kafka at " + broker.tlsBootstrapServers() + " refused to authenticate microscaler")
                .contains("kafka.security: tls")
                .contains("SslAuthenticationException");
    }

    /** kafka.security: tls on the mutual TLS listener; with the broker's certificate trusted or not. */
    private MicroscalerConfig tlsConfig(boolean trustTheBroker) {
        String stores = """
                    ssl.keystore.location: %s
                    ssl.keystore.type: PKCS12
                    ssl.keystore.password: %s
                """.formatted(broker.certificates().keystore(), broker.certificates().password())
                + (trustTheBroker ? """
                    ssl.truststore.location: %s
                    ssl.truststore.type: PKCS12
                    ssl.truststore.password: %s
                """.formatted(broker.certificates().truststore(), broker.certificates().password()) : "");
        String yaml = TestConfigs.kafkaAndHttp(1).replace("  partitions: 4\n", """
                  partitions: 2
                  security: tls
                  properties:
                %s""".formatted(stores)) + "services:\n  iiif: {}\n";
        return TestConfigs.load(dir, yaml, broker.tlsBootstrapServers(), PREFIX + "-tls");
    }

    /** microscaler on the SASL_SSL listener with kafka.security: scram-sha-512 and the given user lines. */
    private MicroscalerConfig config(String userLines) {
        return config(userLines, "");
    }

    /** As {@link #config(String)}, with more lines under {@code http:}. */
    private MicroscalerConfig config(String userLines, String httpLines) {
        String yaml = TestConfigs.kafkaAndHttp(1).replace("  port: 0\n", "  port: 0\n" + httpLines).replace("  partitions: 4\n", """
                  partitions: 2
                  security: scram-sha-512
                %s  properties:
                    ssl.truststore.location: %s
                    ssl.truststore.type: PKCS12
                    ssl.truststore.password: %s
                """.formatted(userLines, broker.certificates().truststore(), broker.certificates().password())) + """
                tick: 100ms
                windows: {stableSpan: 10s, panicSpan: 2s}
                serviceDefaults: {metric: rps, target: 1, minTasks: 1, maxTasks: 50, initialTasks: 1}
                services:
                  iiif: {}
                """;
        return TestConfigs.load(dir, yaml, broker.bootstrapServers(), PREFIX);
    }

    private static KafkaProducer<byte[], byte[]> producer(String user, String password) {
        Map<String, Object> p = broker.clientProperties(user, password);
        p.put("acks", "all");
        p.put("max.block.ms", "20000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The first record of a topic, read as the super user. */
    private static ConsumerRecord<byte[], byte[]> first(String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", broker.superUserBootstrapServers());
        p.put("group.id", "check-" + topic + "-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            return got.get(0);
        }
    }
}
