package io.microscaler;

import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.demo.Demo;
import io.microscaler.demo.DemoOptions;
import io.microscaler.demo.LocalRun;
import io.microscaler.replay.ReplayCommand;
import io.microscaler.replay.ReplayOptions;
import io.microscaler.service.HandbackCommand;
import io.microscaler.service.RunOptions;
import io.microscaler.service.ShadowReportCommand;
import io.microscaler.service.ServiceMain;
import io.microscaler.service.StopSignals;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full command line ({@code target/microscaler.jar}): {@code demo}, {@code replay}, and
 * {@code run}, which is the production service with {@code --config FILE} and the local world
 * without a file or with {@code --local}.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final String USAGE = """
            Usage: java -jar target/microscaler.jar <command> [options]

            Commands:
              demo    the whole loop on one machine: Kafka, a local ECS/ALB/Auto Scaling cloud, image
                      servers, traffic and the autoscaler; prints progress and stops by itself
              run     run the autoscaler until stopped: with --config FILE against the brokers and
                      AWS endpoints it names (the production service); without a file, or with
                      --local, in the local world (embedded Kafka, local cloud, image servers)
              replay  scaling quality on a request trace: microscaler and the AWS, HPA and Knative
                      autoscalers scale the same modelled service in simulated time, scored side by side
              handback  give services taken over from Application Auto Scaling (takeOver: true) back
                      to it, restoring the dynamic scaling recorded on their scalable targets
              shadow-report  what shadow mode would have set beside what the services ran, per
                      service, from the decisions topic

            """ + RunOptions.USAGE + """

            Without --config, run uses the demo's configuration (an image server "iiif") in the local
            world, with no traffic: send your own to the load balancer on --lb-port.

            """ + DemoOptions.USAGE + "\n" + ReplayOptions.USAGE + "\n" + HandbackCommand.USAGE + "\n"
            + ShadowReportCommand.USAGE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h")) {
            System.out.print(USAGE);
            return list.isEmpty() ? 2 : 0;
        }
        List<String> rest = list.subList(1, list.size());
        return switch (list.get(0)) {
            case "demo" -> demo(rest);
            case "replay" -> ReplayCommand.run(rest, System.out, System.err);
            case "run" -> run(rest);
            case "handback" -> HandbackCommand.run(rest, System.out, System.err);
            case "shadow-report" -> ShadowReportCommand.run(rest, System.out, System.err);
            default -> usageError("unknown command '" + list.get(0) + "'");
        };
    }

    private static int run(List<String> args) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        if (options.local() || options.configFile().isEmpty()) {
            return LocalRun.run(options);
        }
        MicroscalerConfig config;
        try {
            config = ConfigLoader.load(options.configFile().get(), System.getenv(), options.overrides(),
                    options.overrideOrigins());
        } catch (ConfigException e) {
            return ServiceMain.configError(e);
        }
        return ServiceMain.runUntilStopped(config);
    }

    private static int demo(List<String> args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        try {
            Demo demo = new Demo(options, System.out);
            // SIGTERM and Ctrl-C end the demo early with its summary and exit code 0, not the JVM's 143
            StopSignals.install(demo::stop);
            return demo.run(System.getenv());
        } catch (ConfigException e) {
            return ServiceMain.configError(e);
        } catch (IllegalArgumentException e) {
            System.err.println("microscaler: " + e.getMessage());
            return 2;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException refused) {
                return ServiceMain.configError(refused); // e.g. http.port in use
            }
            LOG.error("the demo failed", e.getCause());
            return 1;
        } catch (Exception e) {
            LOG.error("the demo failed", e);
            return 1;
        }
    }

    private static int usageError(String message) {
        System.err.println("microscaler: " + message + "\n\n" + USAGE);
        return 2;
    }

    private Main() {
    }
}
