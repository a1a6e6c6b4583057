package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kafka credentials never reach a toString, a log line or an error message. */
class SecretsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"scaler\" password=\"hunter2\";";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} secret: {1}")
    @CsvSource({
            "kafka.properties.sasl.jaas.config,         true",
            "kafka.properties.ssl.key.password,         true",
            "kafka.properties.ssl.keystore.password,    true",
            "kafka.properties.sasl.oauthbearer.token.endpoint.url, true",
            "kafka.properties.some.SECRET.thing,        true",
            "kafka.properties.security.protocol,        false",
            "kafka.properties.sasl.mechanism,           false",
            "kafka.bootstrapServers,                    false",
            "services.api-key.maxTasks,                 false",
    })
    void recognisesSecretKeys(String key, boolean secret) {
        assertThat(Secrets.isSecret(key)).isEqualTo(secret);
        assertThat(Secrets.redact(key, "v")).isEqualTo(secret ? Secrets.MASK : "v");
    }

    @Test
    void toStringShowsPropertyNamesButNoValues() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "kafka: {properties: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512}}\n");

        MicroscalerConfig c = ConfigLoader.load(file, Map.of(
                "MICROSCALER_KAFKA_PROPERTIES", "sasl.jaas.config",
                "MICROSCALER_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", JAAS));

        assertThat(c.kafka().properties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(c.toString())
                .contains("sasl.jaas.config", "security.protocol", "values redacted")
                .doesNotContain("hunter2", "ScramLoginModule", "SASL_SSL", "SCRAM-SHA-512");
        assertThat(c.kafka().toString()).doesNotContain("hunter2");
    }

    @Test
    void errorMessagesRedactSecretValues() throws IOException {
        Path file = dir.resolve("c.yaml");
        // a list where a single value belongs: the error must show the key but not the value
        Files.writeString(file, "kafka: {properties: {ssl.key.password: [hunter2, again]}}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(e.key()).isEqualTo("kafka.properties.ssl.key.password");
        assertThat(e.value()).isEqualTo(Secrets.MASK);
        assertThat(e.getMessage())
                .isEqualTo("config key 'kafka.properties.ssl.key.password' = '****': expected a single value, not a list"
                        + " (write a list as comma-separated text) (from file " + file + ")")
                .doesNotContain("hunter2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kafka: {propertes: {sasl.jaas.config: hunter2}}         | kafka.propertes        | {…}",
            "kafka: {sasl.jaas.config: hunter2}                       | kafka.sasl.jaas.config | ****",
            "kafka: {properties: {ssl.truststore.password: hunter2, ssl: {truststore.password: again}}}"
                    + " | kafka.properties.ssl.truststore.password | ****",
    })
    void aMisplacedSecretIsNotShownEither(String yaml, String key, String shown) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.value()).isEqualTo(shown);
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("again");
    }

    @Test
    void anUnknownOverrideOfASecretIsNotShown() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("kafka.saslPassword", "hunter2")));

        assertThat(e.value()).isEqualTo(Secrets.MASK);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void theExceptionItselfRedactsWhoeverBuildsIt() {
        ConfigException e = new ConfigException("kafka.properties.sasl.jaas.config", JAAS, "something", "test");

        assertThat(e.value()).isEqualTo(Secrets.MASK);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }
}
