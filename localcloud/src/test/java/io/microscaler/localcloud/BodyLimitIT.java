package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;

/**
 * Every endpoint reads at most {@link ApiRouter#MAX_BODY_BYTES} of a body, and a larger one is
 * refused with 413 without being kept: memory stays bounded whatever a client sends, and the cloud
 * serves the next request as before.
 */
class BodyLimitIT {

    private static final int LIMIT = ApiRouter.MAX_BODY_BYTES;
    private static final long MB = 1 << 20;
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

    /**
     * 300 MB of zeros, generated as they are sent in 64 KiB chunks (the test holds none of it),
     * with the live heap measured after a full GC before the first byte and again at 256 MB. The
     * old {@code request.body()} held every byte received at that point (the issue saw 82 → 658 MB).
     */
    @Test
    void a300MbChunkedPostIsRefusedWhileTheHeapStaysFlat() throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = liveHeap(memory);
        long at256Mb = -1;
        byte[] zeros = new byte[64 * 1024];
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", ApiRouter.FAULTS_PATH, "Transfer-Encoding: chunked"));
            String chunkHeader = Integer.toHexString(zeros.length) + "\r\n";
            for (long sent = 0; sent < 300 * MB; sent += zeros.length) {
                if (sent == 256 * MB) {
                    at256Mb = liveHeap(memory);
                }
                out.write(chunkHeader.getBytes(StandardCharsets.US_ASCII));
                out.write(zeros);
                out.write(CRLF);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long growth = at256Mb - before;
            System.out.printf("live heap before %d MB, with 256 MB of the body sent %d MB (growth %d KB)%n",
                    before / MB, at256Mb / MB, growth / 1024);
            assertThat(growth).as("live heap growth in bytes while 256 MB were streamed").isLessThan(16 * MB);
            String response = readAll(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("reads at most " + LIMIT + " bytes").contains("POST " + ApiRouter.FAULTS_PATH);
        }

        assertTheCloudStillServes();
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", ApiRouter.FAULTS_PATH, "Content-Type: application/json"),
                Arguments.of("POST", ApiRouter.SPOT_PATH, "Content-Type: application/json"),
                Arguments.of("POST", "/", "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters"
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ecs/aws4_request"),
                Arguments.of("POST", "/", "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AnyScaleFrontendService.RegisterScalableTarget"
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/application-autoscaling/aws4_request"),
                Arguments.of("POST", "/", "Content-Type: application/x-www-form-urlencoded; charset=utf-8"
                        + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/elasticloadbalancing/aws4_request"));
    }

    /** Refused on the header alone: the client has sent no byte of the body when the 413 arrives. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent(String method, String path, String headers) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head(method, path, headers + "\r\nContent-Length: " + 300 * MB));
            socket.getOutputStream().flush();
            String statusLine = readLine(socket.getInputStream());

            assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
        assertTheCloudStillServes();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aChunkedBodyOneByteOverTheLimitIsRefused(String method, String path, String headers) throws IOException {
        byte[] body = new byte[LIMIT + 1];
        Arrays.fill(body, (byte) ' ');
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head(method, path, headers + "\r\nTransfer-Encoding: chunked"));
            out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 413")
                    .contains("is over " + LIMIT + " bytes after " + (LIMIT + 1) + " bytes");
        }
        assertTheCloudStillServes();
    }

    @Test
    void aBodyOfExactlyTheLimitIsServed() throws Exception {
        String rule = "{\"operation\":\"ecs:DescribeClusters\",\"latencyMs\":1}";
        String atLimit = rule + " ".repeat(LIMIT - rule.length());
        try {
            HttpResponse<String> served = http.send(HttpRequest.newBuilder(faultsUri())
                    .POST(HttpRequest.BodyPublishers.ofString(atLimit)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(faultsUri())
                    .POST(HttpRequest.BodyPublishers.ofString(atLimit + " ")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(new JsonObject(served.body()).encode()).contains("ecs:DescribeClusters");
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(new JsonObject(refused.body()).getString("message"))
                    .isEqualTo("The request body declares " + (LIMIT + 1) + " bytes (Content-Length); the local cloud reads"
                            + " at most " + LIMIT + " bytes of a request body (POST /_localcloud/faults). The rest is"
                            + " discarded unread.");
        } finally {
            fixture.cloud.faults().clearAll();
        }
    }

    private void assertTheCloudStillServes() {
        try {
            HttpResponse<String> faults = http.send(HttpRequest.newBuilder(faultsUri()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(faults.statusCode()).isEqualTo(200);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(call(ecs.listClusters(r -> { })).sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    private static long liveHeap(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static Socket connect() throws IOException {
        URI endpoint = fixture.cloud.endpoint();
        return new Socket(endpoint.getHost(), endpoint.getPort());
    }

    private URI faultsUri() {
        return fixture.cloud.endpoint().resolve(ApiRouter.FAULTS_PATH);
    }

    private static byte[] head(String method, String path, String headers) {
        URI endpoint = fixture.cloud.endpoint();
        return (method + " " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + headers + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The whole response: the cloud closes the connection after a 413. */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
