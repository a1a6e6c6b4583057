package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka.security}: each choice stands for the Kafka properties the client needs, from the
 * file or the environment; the raw {@code kafka.properties.*} keep working; combinations that would
 * not do what they say stop start-up naming the key; and the password shows nowhere.
 */
class KafkaSecurityTest {

    private static final String PASSWORD = "s3cr\"et\\pw";

    @TempDir
    Path dir;

    @Test
    void scramFromTheEnvironmentBuildsTheJaasLineWithTheEscapedPassword() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of(
                "MICROSCALER_KAFKA_SECURITY", "scram-sha-512",
                "MICROSCALER_KAFKA_USERNAME", "scaler",
                "MICROSCALER_KAFKA_PASSWORD", PASSWORD));

        assertThat(c.kafka().security()).isEqualTo(KafkaSecurity.Mode.SCRAM_SHA_512);
        assertThat(c.kafka().properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"scaler\" password=\"s3cr\\\"et\\\\pw\";");
    }

    @Test
    void scramFromTheFileWithAPasswordFileKeepsTheUsersOtherProperties() throws IOException {
        Path secret = Files.writeString(dir.resolve("password"), "from-a-file\n");
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                kafka:
                  security: scram-sha-256
                  username: scaler
                  passwordFile: %s
                  properties:
                    ssl.truststore.location: /etc/kafka/truststore.p12
                """.formatted(secret));

        MicroscalerConfig c = ConfigLoader.load(file, Map.of());

        assertThat(c.kafka().properties())
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"scaler\" password=\"from-a-file\";");
    }

    @Test
    void tlsSetsTheProtocolOnly() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_KAFKA_SECURITY", "tls"));

        assertThat(c.kafka().properties()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void mskIamNamesTheMechanismTheLoginModuleAndTheCallbackHandler() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_KAFKA_SECURITY", "msk-iam"));

        assertThat(c.kafka().properties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "AWS_MSK_IAM"),
                Map.entry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;"),
                Map.entry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
    }

    @Test
    void theRawPropertiesStillWorkWithNone() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of(
                "MICROSCALER_KAFKA_PROPERTIES", "security.protocol,sasl.mechanism,sasl.jaas.config",
                "MICROSCALER_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "MICROSCALER_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "MICROSCALER_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "x required;"));

        assertThat(c.kafka().security()).isEqualTo(KafkaSecurity.Mode.NONE);
        assertThat(c.kafka().properties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512").hasSize(3);
    }

    @Test
    void anUnknownModeListsTheChoices() {
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "sasl"));

        assertThat(e.key()).isEqualTo("kafka.security");
        assertThat(e.getMessage()).contains("'sasl'", "none, tls, scram-sha-256, scram-sha-512, msk-iam",
                "MICROSCALER_KAFKA_SECURITY");
    }

    @Test
    void scramWithoutAUserOrAPasswordIsRefused() {
        assertThat(fails(Map.of("MICROSCALER_KAFKA_SECURITY", "scram-sha-512")).key()).isEqualTo("kafka.username");
        ConfigException noPassword = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "scram-sha-512",
                "MICROSCALER_KAFKA_USERNAME", "scaler"));
        assertThat(noPassword.key()).isEqualTo("kafka.password");
        assertThat(noPassword.expected()).contains("kafka.passwordFile");
    }

    @Test
    void bothPasswordAndPasswordFileIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("password"), "x");
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "scram-sha-512", "MICROSCALER_KAFKA_USERNAME", "u",
                "MICROSCALER_KAFKA_PASSWORD", PASSWORD, "MICROSCALER_KAFKA_PASSWORD_FILE", secret.toString()));

        assertThat(e.key()).isEqualTo("kafka.passwordFile");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingOrEmptyPasswordFileIsRefusedNamingThePath() throws IOException {
        Path missing = dir.resolve("nope");
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "scram-sha-512", "MICROSCALER_KAFKA_USERNAME", "u",
                "MICROSCALER_KAFKA_PASSWORD_FILE", missing.toString()));
        assertThat(e.key()).isEqualTo("kafka.passwordFile");
        assertThat(e.value()).isEqualTo(missing.toString());
        assertThat(e.expected()).contains("cannot be read");

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(fails(Map.of("MICROSCALER_KAFKA_SECURITY", "scram-sha-512", "MICROSCALER_KAFKA_USERNAME", "u",
                "MICROSCALER_KAFKA_PASSWORD_FILE", empty.toString())).expected()).contains("empty");
    }

    @Test
    void aUserWithoutScramIsRefused() {
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "tls", "MICROSCALER_KAFKA_PASSWORD", PASSWORD));

        assertThat(e.key()).isEqualTo("kafka.password");
        assertThat(e.value()).isEqualTo(Secrets.MASK);
        assertThat(e.getMessage()).contains("'tls'").doesNotContain(PASSWORD);
    }

    @Test
    void aPropertyTheModeSetsItselfIsRefused() {
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_SECURITY", "msk-iam",
                "MICROSCALER_KAFKA_PROPERTIES", "sasl.mechanism",
                "MICROSCALER_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512"));

        assertThat(e.key()).isEqualTo("kafka.properties.sasl.mechanism");
        assertThat(e.getMessage()).contains("'msk-iam'", "MICROSCALER_KAFKA_PROPERTIES_SASL_MECHANISM");
    }

    @Test
    void aRawSaslMechanismOverAProtocolWithoutSaslIsRefused() {
        // The client would ignore the mechanism and connect unauthenticated.
        ConfigException e = fails(Map.of("MICROSCALER_KAFKA_PROPERTIES", "sasl.mechanism",
                "MICROSCALER_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512"));

        assertThat(e.key()).isEqualTo("kafka.properties.security.protocol");
        assertThat(e.value()).isEqualTo("PLAINTEXT");
        assertThat(e.expected()).contains("SASL_SSL");
    }

    @Test
    void thePasswordIsInNoToStringAndNoErrorMessage() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "MICROSCALER_KAFKA_SECURITY", "scram-sha-512",
                "MICROSCALER_KAFKA_USERNAME", "scaler",
                "MICROSCALER_KAFKA_PASSWORD", PASSWORD));
        MicroscalerConfig c = ConfigLoader.load(null, env);
        assertThat(c.toString()).contains("security=scram-sha-512", "sasl.jaas.config")
                .doesNotContain(PASSWORD).doesNotContain("s3cr");

        // a password with a line break: refused, and still not shown
        env.put("MICROSCALER_KAFKA_PASSWORD", "s3cr\net");
        ConfigException e = fails(env);
        assertThat(e.key()).isEqualTo("kafka.password");
        assertThat(e.getMessage()).doesNotContain("s3cr");
    }

    private static ConfigException fails(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(null, env));
        assertThat(e).as("a ConfigException").isNotNull();
        return e;
    }
}
