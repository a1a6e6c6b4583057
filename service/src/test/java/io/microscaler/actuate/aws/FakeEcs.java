package io.microscaler.actuate.aws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * ECS's UpdateService and DescribeServices over a map, answering on its own thread as the SDK does.
 * Running follows desired at once. Thread-safe: the test thread and the answer thread both use it.
 */
final class FakeEcs implements EcsAsyncClient {

    record Counts(int desired, int running, int pending, String targetGroupArn) {
    }

    private final ExecutorService answers = Executors.newSingleThreadExecutor();
    private final Map<String, Counts> services = new HashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private volatile CompletableFuture<Void> updateGate = CompletableFuture.completedFuture(null);

    synchronized FakeEcs service(String name, int desired, String targetGroupArnOrNull) {
        services.put(name, new Counts(desired, desired, 0, targetGroupArnOrNull));
        return this;
    }

    /** Someone else (a console user) sets the desired count. */
    synchronized void setDesiredBehindTheActuatorsBack(String name, int desired) {
        Counts c = services.get(name);
        services.put(name, new Counts(desired, desired, 0, c.targetGroupArn()));
    }

    synchronized Counts counts(String name) {
        return services.get(name);
    }

    /** The next calls fail with these, in order. */
    synchronized void failNext(RuntimeException... next) {
        failures.addAll(List.of(next));
    }

    /** UpdateService answers only once the gate completes. */
    void holdUpdatesUntil(CompletableFuture<Void> gate) {
        this.updateGate = gate;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public CompletableFuture<UpdateServiceResponse> updateService(UpdateServiceRequest request) {
        calls.add("UpdateService " + request.service() + " " + request.desiredCount());
        return updateGate.thenComposeAsync(v -> answer(() -> {
            Counts c = services.get(request.service());
            if (c == null) {
                throw ServiceNotFoundException.builder().statusCode(400).message("Service not found.")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceNotFoundException")
                                .errorMessage("Service not found.").build()).build();
            }
            Counts updated = new Counts(request.desiredCount(), request.desiredCount(), 0, c.targetGroupArn());
            services.put(request.service(), updated);
            return UpdateServiceResponse.builder().service(service(request.service(), updated)).build();
        }), answers);
    }

    @Override
    public CompletableFuture<DescribeServicesResponse> describeServices(DescribeServicesRequest request) {
        String name = request.services().get(0);
        calls.add("DescribeServices " + name);
        return CompletableFuture.supplyAsync(() -> null, answers).thenCompose(v -> answer(() -> {
            Counts c = services.get(name);
            if (c == null) {
                return DescribeServicesResponse.builder().failures(Failure.builder()
                        .arn("arn:aws:ecs:eu-west-1:123456789012:service/" + request.cluster() + "/" + name)
                        .reason("MISSING").build()).build();
            }
            return DescribeServicesResponse.builder().services(service(name, c)).build();
        }));
    }

    private synchronized <T> CompletableFuture<T> answer(Supplier<T> body) {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        try {
            return CompletableFuture.completedFuture(body.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Service service(String name, Counts c) {
        Service.Builder b = Service.builder().serviceName(name).status("ACTIVE")
                .desiredCount(c.desired()).runningCount(c.running()).pendingCount(c.pending());
        if (c.targetGroupArn() != null) {
            b.loadBalancers(LoadBalancer.builder().targetGroupArn(c.targetGroupArn()).containerName("web")
                    .containerPort(80).build());
        }
        return b.build();
    }

    Executor executor() {
        return answers;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }
}
