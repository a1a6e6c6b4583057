package io.microscaler.demo;

import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.RunOptions;
import io.microscaler.service.ServiceMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run} in the local world: a bare {@code run} (the demo's configuration) or
 * {@code run --local} (the user's). Starts an embedded Kafka broker unless
 * {@code kafka.bootstrapServers} is set, and the local cloud with real image servers behind a load
 * balancer per service, then runs the autoscaler pointed at them until stopped. Nothing here is
 * ever reached by {@code run --config FILE} without {@code --local}.
 */
public final class LocalRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    /** @return the exit code, as {@link ServiceMain#runUntilStopped} gives it */
    public static int run(RunOptions options) {
        Map<String, String> overrides = new HashMap<>(options.overrides());
        Path file;
        MicroscalerConfig config;
        try {
            file = options.configFile().isPresent() ? options.configFile().get() : Demo.demoConfigFile();
            config = ConfigLoader.load(file, System.getenv(), overrides, options.overrideOrigins());
        } catch (ConfigException e) {
            return ServiceMain.configError(e);
        } catch (IOException e) {
            System.err.println("microscaler: " + e.getMessage());
            return 1;
        }
        LOG.info("local world: {}the local cloud (ECS, ELBv2, Auto Scaling on loopback) with image servers for {}",
                config.kafka().hasBootstrapServers() ? "" : "an embedded Kafka broker, ", config.services().keySet());
        LocalWorld world;
        try {
            world = LocalWorld.start(config, options.lbPort(), LocalCloudSettings.demo());
            overrides.putAll(world.autoscalerOverrides());
            config = ConfigLoader.load(file, System.getenv(), overrides, options.overrideOrigins());
        } catch (Exception e) {
            LOG.error("the local world failed to start", e);
            return 1;
        }
        LOG.info("load balancers (send traffic here): {}", world.loadBalancerPorts());
        return ServiceMain.runUntilStopped(config, world);
    }

    private LocalRun() {
    }
}
