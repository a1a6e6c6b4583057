package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ActuatorConfig.Credentials;
import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code actuator.*} keys: defaults, accepted forms, and errors that name key, value and expectation. */
class ActuatorAwsConfigTest {

    private static MicroscalerConfig load(Map<String, String> overrides) {
        return ConfigLoader.load(null, Map.of(), overrides);
    }

    private static ConfigException failure(Map<String, String> overrides) {
        return catchThrowableOfType(ConfigException.class, () -> load(overrides));
    }

    @Test
    void defaultsAreDryRunAndAwsRegionalEndpoints() {
        ActuatorConfig a = ConfigLoader.defaults().actuator();

        assertThat(a.target()).isEqualTo(ActuatorConfig.Target.DRY_RUN);
        assertThat(a.aws()).isEqualTo(ActuatorConfig.Aws.DEFAULTS);
        assertThat(a.aws().endpointOverride()).isEmpty();
        assertThat(a.aws().region()).isEqualTo("eu-west-1");
        assertThat(a.aws().credentials()).isEqualTo(Credentials.DEFAULT);
        assertThat(a.aws().cluster()).isEqualTo("microscaler");
        assertThat(a.aws().retry()).isEqualTo(new ActuatorConfig.Retry(8, Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
        assertThat(a.aws().callsPerSecond()).isEqualTo(20);
        assertThat(a.aws().burst()).isEqualTo(40);
        // The two-argument constructor (kept for callers that predate actuator.aws) means the same.
        assertThat(new ActuatorConfig(a.target(), a.reconcileInterval())).isEqualTo(a);
    }

    @Test
    void ecsAgainstAnyEndpointWithStaticKeys() {
        ActuatorConfig a = load(Map.of("actuator.target", "ecs", "actuator.aws.endpoint", "https://ecs.example.net:8443",
                "actuator.aws.region", "us-gov-west-1", "actuator.aws.credentials", "static",
                "actuator.aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE", "actuator.aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG",
                "actuator.aws.cluster", "arn:aws:ecs:us-gov-west-1:123456789012:cluster/prod")).actuator();

        assertThat(a.target()).isEqualTo(ActuatorConfig.Target.ECS);
        assertThat(a.aws().endpointOverride()).contains(URI.create("https://ecs.example.net:8443"));
        assertThat(a.aws().toString()).contains("AKIAIOSFODNN7EXAMPLE").doesNotContain("wJalrXUtnFEMI");

        AwsSettings settings = AwsSettings.from(a.aws());
        assertThat(settings.credentials()).isEqualTo(AwsSettings.Credentials.STATIC);
        assertThat(settings.endpoint()).contains(URI.create("https://ecs.example.net:8443"));
        assertThat(settings.toString()).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void awsMeansTheRegionalEndpointAndTheDefaultChain() {
        ActuatorConfig.Aws aws = load(Map.of("actuator.aws.endpoint", "aws")).actuator().aws();

        assertThat(aws.endpointOverride()).isEmpty();
        AwsSettings settings = AwsSettings.from(aws);
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.credentials()).isEqualTo(AwsSettings.Credentials.DEFAULT);
    }

    @Test
    void anEmptyEndpointIsAwsLikeAwsNeverAnEmulator() {
        AwsSettings settings = AwsSettings.from(load(Map.of("actuator.target", "ecs")).actuator().aws());

        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.credentials()).isEqualTo(AwsSettings.Credentials.DEFAULT);
    }

    @Test
    void retryAndRateSettingsAreRead() {
        ActuatorConfig.Aws aws = load(Map.of("actuator.aws.retry.maxAttempts", "3", "actuator.aws.retry.baseDelay", "20ms",
                "actuator.aws.retry.maxDelay", "1s", "actuator.aws.retry.deadline", "5s",
                "actuator.aws.callsPerSecond", "2.5", "actuator.aws.burst", "5")).actuator().aws();

        assertThat(aws.retry()).isEqualTo(new ActuatorConfig.Retry(3, Duration.ofMillis(20), Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
        assertThat(aws.callsPerSecond()).isEqualTo(2.5);
        assertThat(aws.burst()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "actuator.target | kubernetes | one of: dry-run, ecs",
            "actuator.aws.endpoint | ecs.eu-west-1.amazonaws.com | an http:// or https:// URL with a host",
            "actuator.aws.endpoint | ftp://host/ | an http:// or https:// URL with a host",
            "actuator.aws.endpoint | http://exa mple | an http:// or https:// URL with a host",
            "actuator.aws.endpoint | http:///path | an http:// or https:// URL with a host",
            "actuator.aws.region | Europe | an AWS region name such as eu-west-1",
            "actuator.aws.credentials | iam | one of: default, static",
            "actuator.aws.cluster | my cluster | an ECS cluster name",
            "actuator.aws.retry.maxAttempts | 0 | a whole number from 1 to 100",
            "actuator.aws.retry.baseDelay | 100 | a duration with a unit",
            "actuator.aws.retry.maxDelay | 10ms | a duration at least actuator.aws.retry.baseDelay (100ms)",
            "actuator.aws.retry.deadline | 0s | at least 1ms",
            "actuator.aws.callsPerSecond | 0 | a number of calls per second > 0",
            "actuator.aws.burst | 0 | a whole number >= 1",
    })
    void badValuesNameKeyValueAndExpectation(String key, String value, String expected) {
        ConfigException e = failure(Map.of(key, value));

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.getMessage()).contains("config key '" + key + "' = '" + value + "'", expected, "explicit override");
    }

    @Test
    void staticCredentialsNeedBothKeys() {
        ConfigException noId = failure(Map.of("actuator.aws.credentials", "static", "actuator.aws.secretAccessKey", "s3cr3t"));
        assertThat(noId.key()).isEqualTo("actuator.aws.accessKeyId");
        assertThat(noId.getMessage()).contains("with credentials: static").doesNotContain("s3cr3t");

        ConfigException noSecret = failure(Map.of("actuator.aws.credentials", "static", "actuator.aws.accessKeyId", "AKIA1"));
        assertThat(noSecret.key()).isEqualTo("actuator.aws.secretAccessKey");
    }

    @Test
    void keysWithTheDefaultChainAreRefusedWithoutShowingTheSecret() {
        ConfigException e = failure(Map.of("actuator.aws.secretAccessKey", "s3cr3t"));

        assertThat(e.key()).isEqualTo("actuator.aws.secretAccessKey");
        assertThat(e.value()).isEqualTo("****");
        assertThat(e.getMessage()).contains("set actuator.aws.credentials to static").doesNotContain("s3cr3t");
    }

    @Test
    void theEnvironmentSetsNestedKeys() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_ACTUATOR_AWS_RETRY_MAX_ATTEMPTS", "4",
                "MICROSCALER_ACTUATOR_AWS_ENDPOINT", "http://localhost:4566"));

        assertThat(c.actuator().aws().retry().maxAttempts()).isEqualTo(4);
        assertThat(c.actuator().aws().endpointOverride()).contains(URI.create("http://localhost:4566"));
    }
}
