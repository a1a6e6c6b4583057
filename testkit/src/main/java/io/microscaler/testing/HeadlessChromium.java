package io.microscaler.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol with the JDK's own
 * HTTP and WebSocket clients: nothing to download at test time (no driver, no Selenium Manager),
 * and no version of a driver to keep in step with the browser. Loopback only; a fresh profile per
 * start, with the flags that keep Chromium from calling out (updates, sync, safe browsing…).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/lib/chromium/chromium", "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary: system property {@code chromium.binary}, else the usual Debian paths. */
    public static Optional<Path> find() {
        String configured = System.getProperty("chromium.binary");
        Stream<String> paths = configured != null ? Stream.of(configured) : CANDIDATES.stream();
        return paths.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts the browser with a window of the given size and attaches to its first tab. */
    public static HeadlessChromium start(Path binary, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("microscaler-chromium");
        Path log = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Chromium writes its DevTools port (chosen by the OS: port 0) to the profile once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            await("Chromium's DevTools port (log: " + log + ")").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || (Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2));
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String pageSocket = firstPage(http, port);
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                    .get(30, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
            listener.browser = browser;
            browser.call("Page.enable", JSON.createObjectNode());
            return browser;
        } catch (IOException | RuntimeException e) {
            stop(process, profile, Duration.ZERO);
            throw e;
        } catch (Exception e) {
            stop(process, profile, Duration.ZERO);
            throw new IOException("attaching to chromium failed: " + e, e);
        }
    }

    private static String firstPage(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IOException("chromium lists no page target: " + list.body());
    }

    /** Opens the URL in the tab and returns once its load event fired. */
    public void navigate(String url) {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        JsonNode result = call("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("navigating to " + url + " failed: " + result.get("errorText").asText());
        }
        await("the load of " + url).atMost(Duration.ofSeconds(30))
                .until(() -> "complete".equals(evaluate("document.readyState").asText()));
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON (null for undefined). */
    public JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page (beyond the window when the page is taller). */
    public byte[] screenshot() {
        JsonNode size = evaluate("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("scale", 1)
                .put("width", size.path("w").asInt()).put("height", size.path("h").asInt());
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        try {
            socket.sendText(message.toString(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (Exception e) {
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(method + " failed: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } // events (no id) are not needed by these tests
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Collects a message's fragments; the WebSocket client may deliver a large one (a screenshot) in parts. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (browser != null) {
                    browser.received(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (browser != null) {
                browser.pending.values().forEach(f -> f.completeExceptionally(error));
            }
        }
    }

    @Override
    public void close() {
        try {
            call("Browser.close", JSON.createObjectNode());
        } catch (RuntimeException e) {
            // it may close the socket before answering; the process is stopped below either way
        }
        socket.abort();
        stop(process, profile, Duration.ofSeconds(10));
    }

    /** Waits up to {@code grace} for the browser to exit by itself, then ends it and its helpers. */
    private static void stop(Process process, Path profile, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(profile);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
