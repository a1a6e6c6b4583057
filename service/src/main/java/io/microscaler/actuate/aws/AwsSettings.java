package io.microscaler.actuate.aws;

import io.microscaler.config.ActuatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom the AWS clients call. Production and the demo differ only here: production
 * leaves {@code endpoint} empty (the SDK's regional endpoint) and takes the default credential
 * chain (environment, profile, ECS task role, instance role); the demo points {@code endpoint} at
 * the local cloud with static dummy credentials (requests must still be signed: endpoints route by
 * the signature's service and region).
 *
 * @param endpoint          empty: the SDK's endpoint for the region; or any endpoint that speaks
 *                          the AWS protocols (every client uses it unless {@code perApi} says otherwise)
 * @param credentials       {@link Credentials#DEFAULT} chain, or {@link Credentials#STATIC} keys
 * @param accessKeyId       for {@code STATIC} only
 * @param secretAccessKey   for {@code STATIC} only; never shown by {@link #toString()}
 * @param connectTimeout    TCP (and TLS) connection set-up
 * @param attemptTimeout    one HTTP attempt, from send to last byte (a timeout is retried by {@link AwsCalls})
 * @param perApi            per API ({@code ecs}, {@code elasticloadbalancing}, {@code autoscaling},
 *                          {@code applicationAutoscaling}), an endpoint other than {@code endpoint}
 *                          (empty: the SDK's regional one for that API); an API not listed uses {@code endpoint}
 */
public record AwsSettings(Optional<URI> endpoint, String region, Credentials credentials, String accessKeyId,
                          String secretAccessKey, Duration connectTimeout, Duration attemptTimeout,
                          Map<String, Optional<URI>> perApi) {

    public AwsSettings(Optional<URI> endpoint, String region, Credentials credentials, String accessKeyId,
                       String secretAccessKey, Duration connectTimeout, Duration attemptTimeout) {
        this(endpoint, region, credentials, accessKeyId, secretAccessKey, connectTimeout, attemptTimeout, Map.of());
    }

    /** Where credentials come from. */
    public enum Credentials { DEFAULT, STATIC }

    /** Connection set-up: a healthy regional endpoint answers in tens of ms. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** One attempt: ECS control-plane calls take well under a second; 10 s means something is wrong. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    public AwsSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (credentials == Credentials.STATIC && (isBlank(accessKeyId) || isBlank(secretAccessKey))) {
            throw new IllegalArgumentException("static credentials need an accessKeyId and a secretAccessKey");
        }
        perApi = Map.copyOf(perApi);
        endpoint.ifPresent(AwsSettings::checkUrl);
        perApi.values().forEach(e -> e.ifPresent(AwsSettings::checkUrl));
    }

    private static void checkUrl(URI uri) {
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an absolute URL with a host, but was " + uri);
        }
    }

    /** Where {@code api}'s client calls: its own endpoint if set, else {@link #endpoint}; empty: the SDK's regional one. */
    public Optional<URI> endpointOf(String api) {
        return perApi.containsKey(api) ? perApi.get(api) : endpoint;
    }

    /** The SDK's regional endpoint and the default credential chain: what production uses. */
    public static AwsSettings regional(String region) {
        return new AwsSettings(Optional.empty(), region, Credentials.DEFAULT, "", "", CONNECT_TIMEOUT, ATTEMPT_TIMEOUT);
    }

    /** Any endpoint, with static keys (e.g. dummy ones for an emulator, which checks only the signature's scope). */
    public static AwsSettings endpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return new AwsSettings(Optional.of(endpoint), region, Credentials.STATIC, accessKeyId, secretAccessKey,
                CONNECT_TIMEOUT, ATTEMPT_TIMEOUT);
    }

    /**
     * From the configuration: the configured endpoint or AWS's regional ones, static keys when
     * configured, else the SDK's default credential chain.
     */
    public static AwsSettings from(ActuatorConfig.Aws aws) {
        Map<String, Optional<URI>> perApi = new java.util.HashMap<>();
        aws.endpoints().keySet().forEach(api -> perApi.put(api, aws.endpointOverride(api)));
        if (aws.credentials() == ActuatorConfig.Credentials.STATIC) {
            return new AwsSettings(aws.endpointOverride(), aws.region(), Credentials.STATIC, aws.accessKeyId(),
                    aws.secretAccessKey(), CONNECT_TIMEOUT, ATTEMPT_TIMEOUT, perApi);
        }
        return new AwsSettings(aws.endpointOverride(), aws.region(), Credentials.DEFAULT, "", "", CONNECT_TIMEOUT,
                ATTEMPT_TIMEOUT, perApi);
    }

    @Override
    public String toString() {
        return "AwsSettings[endpoint=" + endpoint.map(URI::toString).orElse("(regional)")
                + (perApi.isEmpty() ? "" : ", perApi=" + new java.util.TreeMap<>(perApi)) + ", region=" + region
                + ", credentials=" + credentials
                + (credentials == Credentials.STATIC ? ", accessKeyId=" + accessKeyId + ", secretAccessKey=****" : "")
                + ", connectTimeout=" + connectTimeout + ", attemptTimeout=" + attemptTimeout + "]";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
