package io.microscaler.actuate.aws;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/**
 * The async AWS clients the actuator uses, on one shared Netty NIO HTTP client, built from
 * {@link AwsSettings}. The SDK's retries are off: {@link AwsCalls} owns retries, so its token bucket
 * and counts see every attempt. Nothing here knows any particular endpoint.
 *
 * <p>Credentials: with the default chain, the first call resolves them on the calling thread
 * (reading the environment, a profile file, or the ECS/EC2 metadata endpoint), and later refreshes
 * run in the background ({@code asyncCredentialUpdateEnabled}). To keep that first resolution off
 * an event loop, call {@link #resolveCredentials()} from a worker (e.g. {@code executeBlocking}) at
 * start.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkAsyncHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final EcsAsyncClient ecs;
    private final ElasticLoadBalancingV2AsyncClient elb;
    private final AutoScalingAsyncClient autoScaling;
    private final ApplicationAutoScalingAsyncClient applicationAutoScaling;

    private AwsClients(SdkAsyncHttpClient http, AwsCredentialsProvider credentials, EcsAsyncClient ecs,
                       ElasticLoadBalancingV2AsyncClient elb, AutoScalingAsyncClient autoScaling,
                       ApplicationAutoScalingAsyncClient applicationAutoScaling) {
        this.http = http;
        this.credentials = credentials;
        this.ecs = ecs;
        this.elb = elb;
        this.autoScaling = autoScaling;
        this.applicationAutoScaling = applicationAutoScaling;
    }

    public static AwsClients create(AwsSettings settings) {
        return create(settings, List.of());
    }

    /**
     * @param interceptors added to every client, e.g. to record which operations are called
     */
    public static AwsClients create(AwsSettings settings, List<? extends ExecutionInterceptor> interceptors) {
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .connectionAcquisitionTimeout(settings.attemptTimeout())
                .readTimeout(settings.attemptTimeout())
                .writeTimeout(settings.attemptTimeout())
                // One call in flight per service and a token bucket per API keep this far below the cap.
                .maxConcurrency(64)
                .tcpKeepAlive(true)
                .build();
        AwsCredentialsProvider credentials = credentials(settings);
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .executionInterceptors(List.copyOf(interceptors))
                .build();
        EcsAsyncClient ecs = configure(EcsAsyncClient.builder(), "ecs", settings, http, credentials, override).build();
        ElasticLoadBalancingV2AsyncClient elb = configure(ElasticLoadBalancingV2AsyncClient.builder(),
                "elasticloadbalancing", settings, http, credentials, override).build();
        AutoScalingAsyncClient autoScaling =
                configure(AutoScalingAsyncClient.builder(), "autoscaling", settings, http, credentials, override).build();
        ApplicationAutoScalingAsyncClient applicationAutoScaling =
                configure(ApplicationAutoScalingAsyncClient.builder(), "applicationAutoscaling", settings, http,
                        credentials, override).build();
        return new AwsClients(http, credentials, ecs, elb, autoScaling, applicationAutoScaling);
    }

    private static <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, String api, AwsSettings settings, SdkAsyncHttpClient http, AwsCredentialsProvider credentials,
            ClientOverrideConfiguration override) {
        builder.httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(override);
        settings.endpointOf(api).ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider credentials(AwsSettings settings) {
        if (settings.credentials() == AwsSettings.Credentials.STATIC) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }

    public EcsAsyncClient ecs() {
        return ecs;
    }

    /** For reading target health. */
    public ElasticLoadBalancingV2AsyncClient elb() {
        return elb;
    }

    /** For the cluster planner (not used by the ECS service target). */
    public AutoScalingAsyncClient autoScaling() {
        return autoScaling;
    }

    /** For living beside AWS's own scaling of the services: take-over and hand-back. */
    public ApplicationAutoScalingAsyncClient applicationAutoScaling() {
        return applicationAutoScaling;
    }

    /**
     * Resolves the credentials once, blocking while the chain reads its sources: call from a
     * worker thread at start, never from an event loop. Fails if no source has credentials.
     */
    public void resolveCredentials() {
        credentials.resolveCredentials();
    }

    /** Closes the clients, then the shared HTTP client (the SDK does not close one it was given). */
    @Override
    public void close() {
        ecs.close();
        elb.close();
        autoScaling.close();
        applicationAutoScaling.close();
        http.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing a credentials cache only stops its refresh thread; nothing to recover.
            }
        }
    }
}
