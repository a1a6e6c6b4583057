package io.microscaler.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker inside this JVM: Kafka's own {@link KafkaRaftServer} in
 * combined mode (broker and KRaft controller in one node), listening on loopback only.
 *
 * <p>Used by the demo and by {@code Microscaler} when no {@code kafka.bootstrapServers} is
 * configured, and by the integration tests. It is the same server code a production cluster runs,
 * so what works here works against a real cluster; only the settings are tuned for one node and a
 * quick start (internal topics with replication factor 1 and few partitions, no initial rebalance
 * delay).
 *
 * <p>A cold start takes a few seconds (class loading and JIT, mostly); a second broker in the same
 * JVM starts in well under a second. {@link #start()} blocks until the broker is unfenced, i.e.
 * ready to serve clients.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaConfig config;
    private KafkaRaftServer server;
    private boolean running = true;
    private final Path directory;
    private final String bootstrapServers;
    private final Map<String, String> listenerAddresses;
    private final Thread cleanupAtExit;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaConfig config, KafkaRaftServer server, Path directory, String bootstrapServers,
                                Map<String, String> listenerAddresses) {
        this.config = config;
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.listenerAddresses = listenerAddresses;
        // If nobody closes us, stop the broker and remove its files when the JVM exits; stopping
        // first keeps the broker from failing its log directory under its own feet.
        this.cleanupAtExit = new Thread(this::close, "embedded-kafka-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /** Starts a broker with the default settings; blocks until it serves clients. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker; blocks until it serves clients.
     *
     * @param extraBrokerProps broker settings that override the defaults (e.g. {@code num.partitions})
     * @throws EmbeddedKafkaException if the broker does not start; nothing is left behind
     */
    public static EmbeddedKafkaBroker start(Map<String, String> extraBrokerProps) {
        return start(extraBrokerProps, Map.of(), List.of());
    }

    /**
     * Starts a broker with client listeners besides PLAINTEXT, for tests of TLS, SASL and ACLs;
     * blocks until it serves clients. The PLAINTEXT listener stays (on loopback): it is the broker's
     * own, and the tests' for setting up; clients under test connect to {@link #bootstrapServers(String)}.
     *
     * @param extraBrokerProps broker settings that override the defaults, including each listener's
     *                         ({@code listener.name.secure.ssl.keystore.location}, …) and an authorizer
     * @param listeners        name (upper case) → security protocol ({@code SSL}, {@code SASL_SSL},
     *                         {@code SASL_PLAINTEXT}); each gets a free loopback port
     * @param scramCredentials SCRAM users written into the metadata when the log is formatted, as
     *                         {@code kafka-storage format --add-scram} takes them:
     *                         {@code SCRAM-SHA-512=[name=alice,password=alice-secret]}
     * @throws EmbeddedKafkaException if the broker does not start; nothing is left behind
     */
    public static EmbeddedKafkaBroker start(Map<String, String> extraBrokerProps, Map<String, String> listeners,
                                            List<String> scramCredentials) {
        try {
            return startOnce(extraBrokerProps, listeners, scramCredentials);
        } catch (EmbeddedKafkaException e) {
            // The free ports are found by binding and releasing them, so another process can take
            // one in between. That is rare; one more try with fresh ports settles it.
            if (!isPortClash(e)) {
                throw e;
            }
            LOG.warn("embedded Kafka broker: a port was taken meanwhile; retrying with new ports ({})",
                    e.getMessage());
            return startOnce(extraBrokerProps, listeners, scramCredentials);
        }
    }

    private static EmbeddedKafkaBroker startOnce(Map<String, String> extraBrokerProps, Map<String, String> listeners,
                                                 List<String> scramCredentials) {
        long started = System.nanoTime();
        Path directory = createDirectory();
        KafkaRaftServer server = null;
        try {
            BrokerSettings settings = BrokerSettings.onFreeLoopbackPorts(directory, extraBrokerProps, listeners);
            KafkaConfig config = new KafkaConfig(settings.properties(), false);
            format(config, settings.logDirectory(), scramCredentials);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, server, directory, settings.bootstrapServers(),
                    settings.listenerAddresses());
            LOG.info("embedded Kafka broker on {} started in {} ms (data in {})", settings.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, directory);
            return broker;
        } catch (Exception | LinkageError e) {
            stopQuietly(server);
            deleteTree(directory);
            throw new EmbeddedKafkaException("the embedded Kafka broker did not start: " + rootMessage(e), e);
        }
    }

    /** What {@code kafka-storage format} does: writes the cluster id and bootstrap metadata. */
    private static void format(KafkaConfig config, Path logDirectory, List<String> scramCredentials) throws Exception {
        Formatter formatter = new Formatter();
        if (!scramCredentials.isEmpty()) {
            formatter.setScramArguments(scramCredentials);
        }
        formatter
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(List.of(logDirectory.toString()))
                .run();
    }

    /** Where clients connect, e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Where clients of one listener connect, e.g. {@code bootstrapServers("SECURE")}.
     *
     * @throws IllegalArgumentException for a listener the broker was not started with
     */
    public String bootstrapServers(String listener) {
        String address = listenerAddresses.get(listener);
        if (address == null) {
            throw new IllegalArgumentException("no listener " + listener + "; the broker has " + listenerAddresses.keySet());
        }
        return address;
    }

    /** The folder holding the broker's data (deleted on close). */
    public Path directory() {
        return directory;
    }

    /**
     * Stops the broker as a crash or a maintenance would, keeping its data and its ports, so that
     * {@link #restart()} brings the same broker back at the same address. For tests of what clients
     * do while the broker is gone. Does nothing if it is stopped already.
     */
    public synchronized void stop() {
        if (closed || !running) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        running = false;
        LOG.info("embedded Kafka broker on {} stopped (data kept for a restart)", bootstrapServers);
    }

    /** Starts a {@link #stop() stopped} broker again, on the same ports with the same data; blocks until it serves clients. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker on " + bootstrapServers + " is closed");
        }
        if (running) {
            return;
        }
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        running = true;
        LOG.info("embedded Kafka broker on {} restarted in {} ms", bootstrapServers, (System.nanoTime() - started) / 1_000_000);
    }

    /** Stops the broker, waits for it, and deletes its data. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            if (running) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("embedded Kafka broker on {} did not shut down cleanly: {}", bootstrapServers, e.toString());
        } finally {
            deleteTree(directory);
            removeCleanupHook();
        }
        LOG.info("embedded Kafka broker on {} stopped in {} ms", bootstrapServers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void removeCleanupHook() {
        if (Thread.currentThread() == cleanupAtExit) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // closed from another shutdown hook: ours then finds the broker closed and returns
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            // A failed startup has already stopped what it started; this covers what it did not.
            server.shutdown();
        } catch (RuntimeException e) {
            LOG.debug("stopping a broker that failed to start: {}", e.toString());
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("microscaler-kafka-");
        } catch (IOException e) {
            throw new EmbeddedKafkaException("the embedded Kafka broker did not start: cannot create its folder in "
                    + System.getProperty("java.io.tmpdir") + ": " + e, e);
        }
    }

    /** Deletes the folder and everything in it; what cannot be deleted is logged, not thrown. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }

    private static boolean isPortClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
