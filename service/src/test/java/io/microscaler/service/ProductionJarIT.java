package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production artifact ({@code service/target/microscaler-service.jar}, what deploy/Dockerfile
 * runs) holds the autoscaler and its libraries, and none of its guests: no emulator, demo, replay,
 * embedded broker, Scala or charts. And it refuses to start without a broker instead of starting one.
 */
class ProductionJarIT {

    /** Prefixes of classes that must never be in the production jar, with what they would be. */
    private static final List<String> GUESTS = List.of(
            "io/microscaler/localcloud/",      // the AWS emulator
            "io/microscaler/demo/",            // the local world, image servers, traffic
            "io/microscaler/replay/",          // the trace replay
            "io/microscaler/kafka/embedded/",  // the embedded broker
            "io/microscaler/testing/",         // test helpers
            "kafka/",                          // the Kafka broker (kafka_2.13, kafka-server)
            "org/apache/kafka/metadata/",      // KRaft metadata (a broker's)
            "org/apache/kafka/controller/",    // the KRaft controller
            "org/apache/kafka/raft/",          // KRaft itself
            "scala/",                          // the Scala runtime the broker needs
            "org/knowm/",                      // XChart (replay charts)
            "org/junit/", "org/testcontainers/");

    static Path jar() {
        return Path.of(System.getProperty("microscaler.productionJar", "service/target/microscaler-service.jar"));
    }

    @Test
    void holdsTheServiceAndNoneOfItsGuests() throws Exception {
        assertThat(jar()).exists();
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("io/microscaler/service/Microscaler.class", "io/microscaler/window/ServiceWindow.class",
                    "io/microscaler/config/ConfigLoader.class", "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "software/amazon/awssdk/services/ecs/EcsAsyncClient.class", "webroot/index.html",
                    "ch/qos/logback/classic/Logger.class", "logback.xml"); // it logs somewhere
            // Classes only: kafka-clients itself carries kafka/kafka-version.properties
            List<String> guests = names.stream().filter(n -> n.endsWith(".class"))
                    .filter(n -> GUESTS.stream().anyMatch(n::startsWith)).toList();
            assertThat(guests).as("emulator, demo, replay, broker, Scala, chart or test classes").isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ServiceMain.class.getName());
        }
        System.out.printf("production jar %s: %.1f MB%n", jar(), Files.size(jar()) / 1e6);
    }

    @Test
    void withoutABrokerItExitsTwoNamingTheKeyAndStartsNothing() throws Exception {
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "run", "--config", "deploy/config/microscaler.yaml")
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output).contains("kafka.bootstrapServers").contains("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS")
                .doesNotContain("embedded Kafka broker on");
    }

    /**
     * A port in use stops start-up at once with exit 2, naming the address and the setting that
     * chose the port, without a stack trace. The broker named is a closed loopback port: the old
     * order (topics, credentials, then the API) spent ~25 s on it before failing with exit 1.
     */
    @ParameterizedTest(name = "port set by {0}")
    @ValueSource(strings = {"--http-port", "MICROSCALER_HTTP_PORT"})
    void aPortInUseExitsTwoAtOnceNamingThePortAndTheSettingThatChoseIt(String setBy) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket noBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int deadBroker = noBroker.getLocalPort();
            noBroker.close(); // nothing listens there now
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar().toString(), "run", "--config", "deploy/config/microscaler.yaml"));
            if (setBy.equals("--http-port")) {
                command.addAll(List.of("--http-port", Integer.toString(port)));
            }
            ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
            run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
            run.environment().put("MICROSCALER_HTTP_HOST", "127.0.0.1");
            run.environment().put("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + deadBroker);
            if (setBy.equals("MICROSCALER_HTTP_PORT")) {
                run.environment().put("MICROSCALER_HTTP_PORT", Integer.toString(port));
            }
            long start = System.nanoTime();
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            System.out.printf("port in use (%s): exit %d after %d ms%n", setBy, exit, (System.nanoTime() - start) / 1_000_000);

            assertThat(exit).as(output).isEqualTo(2);
            String from = setBy.equals("--http-port") ? "(from command-line option --http-port)"
                    : "(from environment variable MICROSCALER_HTTP_PORT)";
            assertThat(output).contains("microscaler: configuration error: config key 'http.port' = '" + port + "'")
                    .contains("127.0.0.1:" + port + " cannot be bound").contains(from)
                    .doesNotContain("\tat ").doesNotContain("failed to start");
        }
    }

    @Test
    void refusesTheLocalWorldWhichOnlyTheFullCliHas() throws Exception {
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "run", "--local").redirectErrorStream(true);
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output).contains("--local").contains("target/microscaler.jar");
    }
}
