package io.microscaler.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the autoscaler's {@code /api/services} and {@code /api/decisions} once a second (and,
 * when given, the load balancer's healthy targets) and appends what it read to a recording
 * ({@link TimelineLog}). A failed read (the demo not up yet, or gone) is skipped, and said once
 * per streak of failures; the recording goes on.
 */
public final class TimelineSampler {

    private final URI api;
    private final String service;
    private final TargetHealth health;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long lastSeq = Long.MIN_VALUE;
    private boolean failing;

    /** @param health the load balancer's healthy count, or null to use the API's {@code healthy} field if it has one */
    public TimelineSampler(URI api, String service, TargetHealth health, PrintStream log) {
        this.api = api;
        this.service = service;
        this.health = health;
        this.log = log;
    }

    /** Samples every {@code period} until interrupted (or killed) or {@code until} has passed. */
    public void run(Path recording, Duration period, Duration until) throws IOException, InterruptedException {
        long end = System.nanoTime() + until.toNanos();
        try (Writer out = Files.newBufferedWriter(recording, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            long next = System.nanoTime();
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                for (String line : once()) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush(); // line by line: a kill loses at most the line being written
                next += period.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a plain program's loop, no event loop here
                } else {
                    next = System.nanoTime(); // fell behind (a slow answer): start again from now
                }
            }
        }
    }

    /** One reading as recording lines: the decisions new since the last reading, then the sample. */
    List<String> once() {
        long now = System.currentTimeMillis();
        try {
            Optional<TimelineSample> sample = ApiJson.sample(get("/api/services"), service, now);
            List<DecisionMark> decisions = ApiJson.decisions(get("/api/decisions?limit=200&service=" + service));
            List<String> lines = new java.util.ArrayList<>();
            for (DecisionMark d : decisions) {
                if (d.seq() > lastSeq) {
                    lines.add(TimelineLog.line(d));
                    lastSeq = d.seq();
                }
            }
            sample.map(s -> health == null ? s : s.withHealthy(healthy())).ifPresent(s -> lines.add(TimelineLog.line(s)));
            if (failing) {
                log.println("scaling timeline: reading " + api + " again");
                failing = false;
            }
            return lines;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                log.println("scaling timeline: cannot read " + api + " (" + e.getMessage() + "); retrying every second");
                failing = true;
            }
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private OptionalInt healthy() {
        try {
            return OptionalInt.of(health.healthy());
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }
}
