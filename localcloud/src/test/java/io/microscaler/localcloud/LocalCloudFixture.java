package io.microscaler.localcloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;

/** A local cloud on loopback and SDK clients for it, for integration tests (blocking waits are on the test thread only). */
public final class LocalCloudFixture implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    public final LocalCloud cloud;
    private final SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();

    public LocalCloudFixture(LocalCloudSettings settings) {
        this(settings, HealthProbe.ALWAYS_HEALTHY);
    }

    public LocalCloudFixture(LocalCloudSettings settings, HealthProbe probe) {
        this.cloud = await(LocalCloud.start(vertx, settings, ContainerRuntime.NONE, probe,
                (key, json) -> events.add(json)));
    }

    /** A local cloud whose containers and health checks are real, made on the fixture's Vert.x. */
    public LocalCloudFixture(LocalCloudSettings settings, Function<Vertx, HealthProbe> probe,
            Function<Vertx, ContainerRuntime> runtime) {
        this.cloud = await(LocalCloud.start(vertx, settings, runtime.apply(vertx), probe.apply(vertx),
                (key, json) -> events.add(json)));
    }

    /** An ECS client that does not retry, so every error the cloud answers reaches the test. */
    public EcsAsyncClient ecs() {
        return ecs(AwsRetryStrategy.doNotRetry(), "AKIDLOCALCLOUD", cloud.region());
    }

    public EcsAsyncClient ecs(RetryStrategy retries, String accessKeyId, String region) {
        return EcsAsyncClient.builder()
                .endpointOverride(cloud.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(retries))
                .build();
    }

    public void join(String cluster, String instanceId, int cpu, int memory) {
        await(cloud.registerContainerInstance(cluster, instanceId, cpu, memory, false));
    }

    public static <T> T await(Future<T> future) {
        return call(future.toCompletionStage().toCompletableFuture());
    }

    /** The call's result, or its failure's cause (the SDK's exception) thrown unwrapped. */
    public static <T> T call(CompletableFuture<T> call) {
        try {
            return call.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        await(cloud.close());
        http.close();
        call(vertx.close().toCompletionStage().toCompletableFuture());
    }

    static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }
}
