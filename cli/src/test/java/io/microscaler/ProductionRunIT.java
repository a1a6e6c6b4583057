package io.microscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code run --config FILE} in the full CLI is the production service too: with no broker
 * configured (in the file or the environment) it exits 2 naming {@code kafka.bootstrapServers},
 * and never starts an embedded broker or the local cloud in its place.
 */
class ProductionRunIT {

    @Test
    void withoutABrokerTheFullCliExitsTwoNamingTheKey() throws Exception {
        Path jar = Path.of("target", "microscaler.jar");
        assertThat(jar).exists();
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", "--config", "deploy/config/microscaler.yaml")
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output).contains("configuration error").contains("kafka.bootstrapServers")
                .doesNotContain("embedded Kafka broker on").doesNotContain("local cloud");
        System.out.printf("full CLI jar %s: %.1f MB%n", jar, Files.size(jar) / 1e6);
    }

    @Test
    void aPortInUseExitsTwoNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket noBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int deadBroker = noBroker.getLocalPort();
            noBroker.close(); // nothing listens there now: the port must fail before Kafka is asked
            ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of("target", "microscaler.jar").toString(), "run", "--config", "deploy/config/microscaler.yaml",
                    "--http-port", Integer.toString(port))
                    .redirectErrorStream(true);
            run.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
            run.environment().put("MICROSCALER_HTTP_HOST", "127.0.0.1");
            run.environment().put("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + deadBroker);
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes());

            assertThat(process.waitFor()).as(output).isEqualTo(2);
            assertThat(output).contains("config key 'http.port' = '" + port + "'")
                    .contains("127.0.0.1:" + port + " cannot be bound").contains("(from command-line option --http-port)")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void theFullCliLogsThroughLogback() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Path.of("target", "microscaler.jar").toFile())) {
            // A test-scoped logger declared for every module once shadowed the service's: the demo logged nowhere
            assertThat(jar.getEntry("ch/qos/logback/classic/Logger.class")).isNotNull();
            assertThat(jar.getEntry("logback.xml")).isNotNull();
        }
    }
}
