package io.microscaler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for tests, on loopback only. */
public final class HttpJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public HttpJson(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " is not JSON: " + response.body(), e);
        }
    }

    /** The service's entry in /api/services, or null. */
    public JsonNode service(String id) {
        for (JsonNode s : json("/api/services")) {
            if (s.path("service").asText().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** The value of a Prometheus sample whose line starts with {@code nameAndLabelsPrefix}, or 0. */
    public double metric(String name, String... labels) {
        String body = get("/metrics").body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            if (!series.equals(name) && !series.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
