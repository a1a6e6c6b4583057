package io.microscaler.testing;

import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedded broker as a production cluster is secured: clients connect over TLS and log in with
 * SCRAM-SHA-512 ({@link #SECURE}, SASL_SSL), and an authorizer (KRaft's {@code StandardAuthorizer})
 * lets each user do only what its ACLs allow ({@code allow.everyone.if.no.acl.found=false}).
 *
 * A second listener, {@link #TLS}, takes TLS with a client certificate (mutual TLS) instead.
 *
 * <p>The broker keeps its PLAINTEXT loopback listener for its own traffic (controller and
 * inter-broker) and for the test's set-up (ACLs, reading what was written): its principal,
 * {@code User:ANONYMOUS}, is the super user. That listener stands for the broker's own identity
 * in a real cluster; the clients under test use {@link #bootstrapServers()} only.
 */
public final class SecureKafkaBroker implements AutoCloseable {

    /** The SASL_SSL listener clients under test use. */
    public static final String SECURE = "SECURE";
    /**
     * A TLS listener that requires a client certificate (mutual TLS): the principal is the
     * certificate's name, {@code User:CN=localhost} for {@link TestCertificates}' key pair.
     */
    public static final String TLS = "TLS";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final EmbeddedKafkaBroker broker;
    private final TestCertificates certificates;
    private final Path directory;

    private SecureKafkaBroker(EmbeddedKafkaBroker broker, TestCertificates certificates, Path directory) {
        this.broker = broker;
        this.certificates = certificates;
        this.directory = directory;
    }

    /**
     * Starts one; blocks until it serves clients.
     *
     * @param users SCRAM-SHA-512 users, name → password, created when the broker's log is formatted
     */
    public static SecureKafkaBroker start(Map<String, String> users) {
        Path directory;
        try {
            directory = Files.createTempDirectory("microscaler-secure-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates certificates = TestCertificates.generate(directory);
        String prefix = "listener.name." + SECURE.toLowerCase() + ".";
        Map<String, String> props = new HashMap<>();
        props.put(prefix + "ssl.keystore.location", certificates.keystore().toString());
        props.put(prefix + "ssl.keystore.type", "PKCS12");
        props.put(prefix + "ssl.keystore.password", certificates.password());
        props.put(prefix + "ssl.key.password", certificates.password());
        props.put(prefix + "sasl.enabled.mechanisms", MECHANISM);
        props.put(prefix + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        String tls = "listener.name." + TLS.toLowerCase() + ".";
        props.put(tls + "ssl.keystore.location", certificates.keystore().toString());
        props.put(tls + "ssl.keystore.type", "PKCS12");
        props.put(tls + "ssl.keystore.password", certificates.password());
        props.put(tls + "ssl.key.password", certificates.password());
        props.put(tls + "ssl.truststore.location", certificates.truststore().toString());
        props.put(tls + "ssl.truststore.type", "PKCS12");
        props.put(tls + "ssl.truststore.password", certificates.password());
        // Without a client certificate the principal would be ANONYMOUS, the super user here.
        props.put(tls + "ssl.client.auth", "required");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:ANONYMOUS");
        props.put("allow.everyone.if.no.acl.found", "false");
        List<String> scram = new ArrayList<>();
        users.forEach((name, password) -> scram.add(MECHANISM + "=[name=" + name + ",password=" + password + "]"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(props, Map.of(SECURE, "SASL_SSL", TLS, "SSL"), scram);
        return new SecureKafkaBroker(broker, certificates, directory);
    }

    /** The SASL_SSL listener: where the clients under test connect. */
    public String bootstrapServers() {
        return broker.bootstrapServers(SECURE);
    }

    /** The mutual TLS listener ({@link #TLS}). */
    public String tlsBootstrapServers() {
        return broker.bootstrapServers(TLS);
    }

    /** The super user's plaintext listener, for the test's own set-up and checks. */
    public String superUserBootstrapServers() {
        return broker.bootstrapServers();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** What a Kafka client needs to log in as this user on {@link #bootstrapServers()}. */
    public Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.location", certificates.truststore().toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", certificates.password());
        return p;
    }

    @Override
    public void close() {
        broker.close();
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
