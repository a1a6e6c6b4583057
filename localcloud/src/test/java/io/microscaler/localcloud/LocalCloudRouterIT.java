package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** The router: faults (in process and over HTTP), request ids, region and access checks, requests no API serves. */
class LocalCloudRouterIT {

    private static LocalCloudFixture fixture;
    private static EcsAsyncClient ecs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        ecs = fixture.ecs();
    }

    @AfterAll
    static void stop() {
        ecs.close();
        fixture.close();
    }

    @AfterEach
    void noFaults() {
        fixture.cloud.faults().clearAll();
    }

    @Test
    void everyResponseCarriesARequestId() {
        ListClustersResponse clusters = call(ecs.listClusters(r -> { }));
        assertThat(clusters.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void throttlingEveryCallIsSeenAsThrottlingBySdk() {
        Faults faults = fixture.cloud.faults();
        faults.set("ecs:*", 1.0, 0, 0);
        long before = faults.throttled();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> call(ecs.listClusters(r -> { })))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    });
        }
        assertThat(faults.throttled() - before).isEqualTo(5);
    }

    @Test
    void theSdkRetriesThrottledCallsUntilTheyPass() {
        Faults faults = fixture.cloud.faults();
        faults.set("ecs:ListClusters", 0.5, 0, 0);
        long before = faults.throttled();
        try (EcsAsyncClient retrying = fixture.ecs(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(20)
                .backoffStrategy(BackoffStrategy.retryImmediately())
                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                .circuitBreakerEnabled(false)
                .build(), "AKIDLOCALCLOUD", fixture.cloud.region())) {
            for (int i = 0; i < 10; i++) {
                call(retrying.listClusters(r -> { }));
            }
        }
        assertThat(faults.throttled() - before).isPositive();
    }

    @Test
    void faultsAreSetAndReadOverHttp() throws Exception {
        HttpResponse<String> set = send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve(ApiRouter.FAULTS_PATH))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"operation\":\"ecs:ListClusters\",\"throttleRate\":0,\"serverErrorRate\":1.0,\"latencyMs\":0}")));
        assertThat(set.statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> call(ecs.listClusters(r -> { })))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        call(ecs.listTasks(r -> r.cluster("default").maxResults(1)).exceptionally(e -> null)); // other operations are served

        JsonObject read = new JsonObject(send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve(ApiRouter.FAULTS_PATH)).GET()).body());
        assertThat(read.getJsonArray("rules").getJsonObject(0).getString("operation")).isEqualTo("ecs:ListClusters");
        assertThat(read.getJsonArray("rules").getJsonObject(0).getDouble("serverErrorRate")).isEqualTo(1.0);
        assertThat(read.getJsonObject("injected").getLong("serverErrors")).isPositive();

        HttpResponse<String> bad = send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve(ApiRouter.FAULTS_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"ecs:*\",\"throttleRate\":3}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("throttleRate must be between 0 and 1");

        send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve(ApiRouter.FAULTS_PATH)).DELETE());
        call(ecs.listClusters(r -> { }));
    }

    @Test
    void addedLatencyDelaysTheAnswer() {
        fixture.cloud.faults().set("*", 0, 0, 300);
        long start = System.nanoTime();
        call(ecs.listClusters(r -> { }));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(fixture.cloud.faults().delayed()).isPositive();
    }

    @Test
    void aRequestSignedForAnotherRegionIsRefused() {
        try (EcsAsyncClient elsewhere = fixture.ecs(AwsRetryStrategy.doNotRetry(), "AKIDLOCALCLOUD", "us-east-1")) {
            assertThatThrownBy(() -> call(elsewhere.listClusters(r -> { })))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    void aDeniedAccessKeyGetsAccessDenied() {
        try (EcsAsyncClient denied = fixture.ecs(AwsRetryStrategy.doNotRetry(), "DENIEDKEY", fixture.cloud.region())) {
            assertThatThrownBy(() -> call(denied.listClusters(r -> { })))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("ecs:ListClusters");
        }
    }

    @Test
    void aRequestNoApiServesIsA400SayingWhy() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve("/"))
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("no emulated API serves").contains("DynamoDB_20120810.ListTables");
        assertThat(answer.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> unknownOp = send(HttpRequest.newBuilder(fixture.cloud.endpoint().resolve("/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DeleteCluster")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261123/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unknownOp.statusCode()).isEqualTo(400);
        assertThat(unknownOp.body()).contains("UnknownOperationException");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
