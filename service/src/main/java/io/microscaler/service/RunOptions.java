package io.microscaler.service;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code run}. {@code --local} and {@code --lb-port} concern the local world, which
 * only the full CLI has; the production jar refuses them with a message that says so.
 *
 * @param configFile the YAML file ({@code --config}), if given
 * @param overrides  configuration keys set on the command line ({@code --http-port})
 * @param local      {@code --local}: start the local world (embedded Kafka unless configured, the
 *                   local cloud) around the configured services
 * @param lbPort     the local world's first load balancer port ({@code --lb-port})
 */
public record RunOptions(Optional<Path> configFile, Map<String, String> overrides, boolean local, int lbPort) {

    /** The local world's first load balancer port when none is given. */
    public static final int DEFAULT_LB_PORT = 8081;

    public static final String USAGE = """
            Options for run:
              --config FILE    YAML configuration (see config/microscaler.yaml); every key can also
                               be set by environment variable (see docs/configuration.md)
              --http-port N    HTTP port for /health, /metrics and /api (default 8080)
              --local          (full CLI only) start the local world around the configured services:
                               an embedded Kafka broker unless kafka.bootstrapServers is set, and the
                               local cloud (ECS, ELBv2, Auto Scaling on loopback) with image servers
              --lb-port N      with the local world: its first load balancer's port (default 8081)

            With --config and without --local, run is the production service: it uses the Kafka
            brokers of kafka.bootstrapServers (required) and AWS's regional endpoints unless
            actuator.aws.endpoint names another. It never starts a broker or an emulator.
            """;

    public RunOptions {
        overrides = Map.copyOf(overrides);
    }

    /** Where each override came from, for messages: {@code http.port → "command-line option --http-port"}. */
    public Map<String, String> overrideOrigins() {
        return overrides.containsKey("http.port") ? Map.of("http.port", "command-line option --http-port") : Map.of();
    }

    /** @throws IllegalArgumentException naming the option and what it expected */
    public static RunOptions parse(List<String> args) {
        Path config = null;
        Map<String, String> overrides = new HashMap<>();
        boolean local = false;
        int lbPort = DEFAULT_LB_PORT;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--local")) {
                local = true;
                continue;
            }
            if (!List.of("--config", "--http-port", "--lb-port").contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--config" -> config = Path.of(value);
                case "--http-port" -> overrides.put("http.port", value);
                default -> lbPort = port(option, value);
            }
        }
        return new RunOptions(Optional.ofNullable(config), overrides, local, lbPort);
    }

    /** A port option's value: 0 (any free port) to 65535. */
    public static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException(option + " '" + value + "': expected a port from 0 to 65535 (0: any free port)");
    }
}
