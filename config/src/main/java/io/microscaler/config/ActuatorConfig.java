package io.microscaler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The actuator (keys {@code actuator.*}).
 *
 * @param target            where decisions are applied: {@code dry-run} records and applies nothing,
 *                          {@code ecs} sets ECS services' desired counts
 * @param reconcileInterval how often actual task counts are read back
 * @param aws               how the {@code ecs} target reaches AWS (keys {@code actuator.aws.*})
 * @param mode              {@code act} applies decisions; {@code shadow} only reads the real counts
 *                          and reports what it would have set (ECS service mode only)
 * @param handBackOnStop    on stop, give the services taken over from Application Auto Scaling back
 *                          to it ({@code takeOver: true}; meant for a single instance)
 */
public record ActuatorConfig(Target target, Duration reconcileInterval, Aws aws, Mode mode, boolean handBackOnStop) {

    /** Without hand-back on stop. */
    public ActuatorConfig(Target target, Duration reconcileInterval, Aws aws, Mode mode) {
        this(target, reconcileInterval, aws, mode, false);
    }

    public enum Target { DRY_RUN, ECS }

    /**
     * {@code act}: decisions are applied. {@code shadow}: with {@code target: ecs}, microscaler reads
     * each service's real counts and decides on the real load, but changes nothing; every decision
     * that would change a count is reported as "would set N → M".
     */
    public enum Mode { ACT, SHADOW }

    /** {@code default}: the SDK's default credential chain; {@code static}: the configured keys. */
    public enum Credentials { DEFAULT, STATIC }

    /** What {@code actuator.aws.endpoint} says to use the SDK's own regional endpoint. */
    public static final String REGIONAL_ENDPOINT = "aws";

    /** Same as the defaults of {@link Defaults}; kept until every caller passes {@link Aws} (a test keeps them equal). */
    public ActuatorConfig(Target target, Duration reconcileInterval) {
        this(target, reconcileInterval, Aws.DEFAULTS, Mode.ACT);
    }

    /** With {@code mode: act}. */
    public ActuatorConfig(Target target, Duration reconcileInterval, Aws aws) {
        this(target, reconcileInterval, aws, Mode.ACT);
    }

    /** Shadow mode: the ECS target only reads, and decisions are reported as what it would have set. */
    public boolean shadow() {
        return mode == Mode.SHADOW;
    }

    /**
     * AWS access (keys {@code actuator.aws.*}).
     *
     * @param endpoint        as configured: empty or {@code aws} (the SDK's regional endpoints, which
     *                        differ per API) or an http(s) URL that serves every API microscaler calls
     * @param endpoints       per API ({@link #APIS}), as configured under {@code actuator.aws.endpoints.*}:
     *                        empty means {@code endpoint}; {@code aws} the SDK's regional one for that API
     * @param region          the region requests are signed for, e.g. {@code eu-west-1}
     * @param accessKeyId     with {@code static} credentials only
     * @param secretAccessKey with {@code static} credentials only; redacted in {@link #toString()}
     * @param cluster         the ECS cluster (name or ARN) the services run in
     * @param callsPerSecond  token bucket rate per AWS API
     * @param burst           token bucket size per AWS API
     */
    public record Aws(String endpoint, String region, Credentials credentials, String accessKeyId,
                      String secretAccessKey, String cluster, Retry retry, double callsPerSecond, int burst,
                      java.util.Map<String, String> endpoints) {

        /**
         * The APIs with an endpoint key of their own ({@code actuator.aws.endpoints.<api>}): each is its
         * own service in AWS with its own regional endpoint and its own VPC endpoint.
         */
        public static final java.util.List<String> APIS =
                java.util.List.of("ecs", "elasticloadbalancing", "autoscaling", "applicationAutoscaling");

        /** What {@link Defaults} says. */
        public static final Aws DEFAULTS = new Aws("", "eu-west-1", Credentials.DEFAULT, "", "", "microscaler",
                Retry.DEFAULTS, 20, 40);

        public Aws {
            endpoints = java.util.Map.copyOf(endpoints);
        }

        /** With every API on {@code endpoint}. */
        public Aws(String endpoint, String region, Credentials credentials, String accessKeyId, String secretAccessKey,
                   String cluster, Retry retry, double callsPerSecond, int burst) {
            this(endpoint, region, credentials, accessKeyId, secretAccessKey, cluster, retry, callsPerSecond, burst,
                    java.util.Map.of());
        }

        /** The endpoint to use instead of the SDK's regional ones: none when empty or {@code aws}. */
        public Optional<URI> endpointOverride() {
            return endpoint.isEmpty() || endpoint.equals(REGIONAL_ENDPOINT) ? Optional.empty() : Optional.of(URI.create(endpoint));
        }

        /**
         * The endpoint of one API ({@link #APIS}): its own key if set, else {@code endpoint}; none
         * (the SDK's regional endpoint) when that is empty or {@code aws}.
         */
        public Optional<URI> endpointOverride(String api) {
            if (!APIS.contains(api)) {
                throw new IllegalArgumentException("api must be one of " + APIS + ", but was " + api);
            }
            String own = endpoints.getOrDefault(api, "");
            if (own.isEmpty()) {
                return endpointOverride();
            }
            return own.equals(REGIONAL_ENDPOINT) ? Optional.empty() : Optional.of(URI.create(own));
        }

        @Override
        public String toString() {
            return "Aws[endpoint=" + endpoint + ", endpoints=" + new java.util.TreeMap<>(endpoints) + ", region=" + region + ", credentials=" + credentials
                    + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey.isEmpty() ? "" : Secrets.MASK)
                    + ", cluster=" + cluster + ", retry=" + retry + ", callsPerSecond=" + callsPerSecond
                    + ", burst=" + burst + "]";
        }
    }

    /**
     * Retries of AWS calls (keys {@code actuator.aws.retry.*}): full-jitter back-off, the ceiling
     * doubling from {@code baseDelay} up to {@code maxDelay}.
     *
     * @param maxAttempts attempts per call, the first included
     * @param deadline    a call that has not succeeded this long after it was made fails
     */
    public record Retry(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {

        public static final Retry DEFAULTS =
                new Retry(8, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    // --- loading (called by ConfigLoader) ---

    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+-\\d{1,2}");
    // An ECS cluster name (up to 255 letters, digits, '-' and '_') or its ARN.
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[^\\s]+:cluster/[A-Za-z0-9_-]{1,255}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9]{1,128}");

    /** Reads and validates every {@code actuator.*} key. */
    static ActuatorConfig load(RawSettings raw) {
        Target target = Values.choice("actuator.target", raw.fixed("actuator.target"), Target.class);
        Duration reconcile = Values.duration("actuator.reconcileInterval", raw.fixed("actuator.reconcileInterval"),
                Duration.ofMillis(1), false);
        Mode mode = Values.choice("actuator.mode", raw.fixed("actuator.mode"), Mode.class);
        if (mode == Mode.SHADOW && target != Target.ECS) {
            // dry-run already applies nothing; shadow's point is the real counts, which only ECS has
            throw Values.fail("actuator.mode", raw.fixed("actuator.mode"), "act with actuator.target "
                    + Values.configName(target) + ": shadow mode reads each service's real counts from ECS,"
                    + " so it needs actuator.target: ecs (dry-run starts from initialTasks instead)");
        }
        boolean handBack = Values.bool("actuator.handBackOnStop", raw.fixed("actuator.handBackOnStop"));
        return new ActuatorConfig(target, reconcile, aws(raw), mode, handBack);
    }

    /**
     * Shadow mode covers ECS service mode only: task mode launches, registers and stops tasks itself,
     * and the cluster loop scales the Auto Scaling group; neither has a read-only path yet.
     */
    static void checkShadow(RawSettings raw, ActuatorConfig actuator, java.util.Collection<ServiceConfig> services,
                            ClusterConfig cluster) {
        if (!actuator.shadow()) {
            return;
        }
        Setting mode = raw.fixed("actuator.mode");
        java.util.List<String> taskMode = services.stream().filter(s -> s.placement().taskMode())
                .map(ServiceConfig::id).toList();
        if (!taskMode.isEmpty()) {
            throw Values.fail("actuator.mode", mode, "act while services run in task mode (mode: tasks: "
                    + String.join(", ", taskMode) + "): shadow mode covers ECS service mode only, and task mode"
                    + " would launch, register and stop tasks itself");
        }
        if (cluster.enabled()) {
            throw Values.fail("actuator.mode", mode, "act with cluster.enabled: true: shadow mode covers ECS service"
                    + " mode only, and the cluster loop would scale the Auto Scaling group and drain instances");
        }
    }

    private static Aws aws(RawSettings raw) {
        String endpoint = endpoint("actuator.aws.endpoint", raw.fixed("actuator.aws.endpoint"));
        java.util.Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        for (String api : Aws.APIS) {
            String key = "actuator.aws.endpoints." + api;
            String own = endpoint(key, raw.fixed(key));
            if (!own.isEmpty()) {
                endpoints.put(api, own);
            }
        }
        Setting regionSetting = raw.fixed("actuator.aws.region");
        String region = regionSetting.value().strip();
        if (!REGION.matcher(region).matches()) {
            throw Values.fail("actuator.aws.region", regionSetting, "an AWS region name such as eu-west-1 or us-east-1");
        }
        Credentials credentials = Values.choice("actuator.aws.credentials", raw.fixed("actuator.aws.credentials"),
                Credentials.class);
        Setting keyIdSetting = raw.fixed("actuator.aws.accessKeyId");
        Setting secretSetting = raw.fixed("actuator.aws.secretAccessKey");
        String keyId = keyIdSetting.value().strip();
        String secret = secretSetting.value().strip();
        if (credentials == Credentials.STATIC) {
            if (!ACCESS_KEY_ID.matcher(keyId).matches()) {
                throw Values.fail("actuator.aws.accessKeyId", keyIdSetting,
                        "an access key id (letters and digits, e.g. AKIAIOSFODNN7EXAMPLE) with credentials: static");
            }
            if (secret.isEmpty()) {
                throw Values.fail("actuator.aws.secretAccessKey", secretSetting,
                        "a secret access key with credentials: static");
            }
        } else if (!keyId.isEmpty() || !secret.isEmpty()) {
            // Keys given but not used would silently lose to the default chain; say so rather than guess.
            String key = keyId.isEmpty() ? "actuator.aws.secretAccessKey" : "actuator.aws.accessKeyId";
            throw Values.fail(key, keyId.isEmpty() ? secretSetting : keyIdSetting,
                    "no value with credentials: default (set actuator.aws.credentials to static to use these keys)");
        }
        Setting clusterSetting = raw.fixed("actuator.aws.cluster");
        String cluster = clusterSetting.value().strip();
        if (!CLUSTER.matcher(cluster).matches()) {
            throw Values.fail("actuator.aws.cluster", clusterSetting,
                    "an ECS cluster name (1 to 255 letters, digits, '-' or '_') or a cluster ARN");
        }
        return new Aws(endpoint, region, credentials, keyId, secret, cluster, retry(raw),
                Values.decimal("actuator.aws.callsPerSecond", raw.fixed("actuator.aws.callsPerSecond"), 0, false,
                        1_000_000, "a number of calls per second > 0, per AWS API"),
                Values.integer("actuator.aws.burst", raw.fixed("actuator.aws.burst"), 1, Integer.MAX_VALUE,
                        " (calls per AWS API that may go at once)"), endpoints);
    }

    private static Retry retry(RawSettings raw) {
        int maxAttempts = Values.integer("actuator.aws.retry.maxAttempts", raw.fixed("actuator.aws.retry.maxAttempts"),
                1, 100, " (1: never retry)");
        Duration base = Values.duration("actuator.aws.retry.baseDelay", raw.fixed("actuator.aws.retry.baseDelay"),
                Duration.ofMillis(1), false);
        Setting maxSetting = raw.fixed("actuator.aws.retry.maxDelay");
        Duration max = Values.duration("actuator.aws.retry.maxDelay", maxSetting, Duration.ofMillis(1), false);
        if (max.compareTo(base) < 0) {
            throw Values.fail("actuator.aws.retry.maxDelay", maxSetting,
                    "a duration at least actuator.aws.retry.baseDelay (" + Values.format(base) + ")");
        }
        Duration deadline = Values.duration("actuator.aws.retry.deadline", raw.fixed("actuator.aws.retry.deadline"),
                Duration.ofMillis(1), false);
        return new Retry(maxAttempts, base, max, deadline);
    }

    private static String endpoint(String key, Setting s) {
        String text = s.value().strip();
        if (text.isEmpty() || text.equals(REGIONAL_ENDPOINT)) {
            return text;
        }
        boolean all = key.equals("actuator.aws.endpoint");
        String expected = all
                ? "empty or " + REGIONAL_ENDPOINT + " for AWS's regional endpoints (the usual choice; VPC endpoints with"
                        + " private DNS answer for those names), or an http:// or https:// URL with a host that serves"
                        + " every API microscaler calls (an emulator such as http://127.0.0.1:4566); to point one API"
                        + " elsewhere, set actuator.aws.endpoints." + String.join(", .", Aws.APIS)
                : "empty (actuator.aws.endpoint), " + REGIONAL_ENDPOINT + " for this API's regional endpoint, or an"
                        + " http:// or https:// URL with a host that serves this API, e.g. a VPC endpoint's own DNS name"
                        + " https://vpce-0123abcd-4567.ecs.eu-west-1.vpce.amazonaws.com";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            boolean bare = uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!http || uri.getHost() == null || !bare) {
                throw Values.fail(key, s, expected);
            }
            return text;
        } catch (URISyntaxException e) {
            throw Values.fail(key, s, expected);
        }
    }
}
