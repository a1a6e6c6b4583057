package io.microscaler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real nginx and rsyslogd from the machine's packages, each in the foreground with its own files in
 * a temporary directory, on loopback and unprivileged ports: the way AccessLogShippingIT runs the
 * shipped configurations (deploy/access-logs) unchanged. Every process started here is stopped by
 * {@link #close}, its children (nginx's workers) too.
 */
final class ShipperProcesses implements AutoCloseable {

    /** Where Debian and others put the binaries; PATH is searched too. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    ShipperProcesses(Path dir) {
        this.dir = dir;
    }

    /** The binary, if installed. */
    static Optional<Path> binary(String name) {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"));
        return Stream.concat(path, SBIN.stream()).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst();
    }

    /** rsyslog's Kafka output (Debian's rsyslog-kafka), if installed. */
    static Optional<Path> omkafka() {
        try (Stream<Path> lib = Files.list(Path.of("/usr/lib"))) {
            return Stream.concat(Stream.of(Path.of("/usr/lib")), lib)
                    .map(d -> d.resolve("rsyslog/omkafka.so")).filter(Files::isRegularFile).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What of nginx, rsyslogd and omkafka is missing, as a sentence; empty when all are there. */
    static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        if (binary("nginx").isEmpty()) {
            missing.add("nginx (Debian package nginx)");
        }
        if (binary("rsyslogd").isEmpty()) {
            missing.add("rsyslogd (Debian package rsyslog)");
        }
        if (omkafka().isEmpty()) {
            missing.add("rsyslog's omkafka output (Debian package rsyslog-kafka)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("not installed: " + String.join(", ", missing)
                + "; .ci/run installs them (apt-get install nginx rsyslog rsyslog-kafka)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * nginx with the shipped log_format, one server on {@code port} for {@code service} that proxies
     * to {@code upstreamPort} and writes {@code accessLog}.
     */
    Process nginx(int port, int upstreamPort, String service, Path accessLog) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 256; }
                http {
                    include %2$s;
                    client_body_temp_path %1$s/client-body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%3$d;
                        set $microscaler_service %4$s;
                        access_log %5$s microscaler;
                        location / { proxy_pass http://127.0.0.1:%6$d; }
                    }
                }
                """.formatted(dir, DeployFiles.DEPLOY.resolve("access-logs/nginx-microscaler.conf"), port, service,
                accessLog, upstreamPort));
        return start("nginx", Map.of(), binary("nginx").orElseThrow().toString(), "-p", dir.toString(),
                "-e", dir.resolve("nginx-error.log").toString(), "-c", conf.toString());
    }

    /** rsyslogd running deploy/access-logs/rsyslog-microscaler.conf as shipped, set through its environment. */
    Process rsyslog(Map<String, String> environment) throws IOException {
        Path state = Files.createDirectories(dir.resolve("rsyslog-state"));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("MICROSCALER_SHIPPER_STATE", state.toString());
        return start("rsyslogd", env, binary("rsyslogd").orElseThrow().toString(), "-n",
                "-f", DeployFiles.DEPLOY.resolve("access-logs/rsyslog-microscaler.conf").toString(),
                "-i", dir.resolve("rsyslog.pid").toString());
    }

    private Process start(String name, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /** What a process wrote, for a failure's message. */
    String output(String name) {
        try {
            Path out = dir.resolve(name + ".out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM, as a service manager stops it (nginx stops its workers, rsyslog flushes), then waits. */
    static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly); // none are left after a clean stop
    }

    @Override
    public void close() {
        started.forEach(ShipperProcesses::stop);
    }
}
