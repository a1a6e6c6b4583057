package io.microscaler.service;

import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.DynamicScaling;
import io.microscaler.actuate.aws.ScalableTargetCalls;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code handback --config FILE [--service ID]…}: gives services taken over from Application Auto
 * Scaling back to it. For each service-mode service of the configuration (or those named), it reads
 * the scalable target's {@link DynamicScaling#TAG}, restores the suspended state recorded there
 * (RegisterScalableTarget) and removes the tag; a service without the tag is left as it is and said
 * so. Needs AWS and the configuration's {@code actuator.aws.*} only: no broker, no running
 * microscaler (stop it first, or it would scale beside Application Auto Scaling again).
 * Exit codes: 0 done (each service handed back or untouched), 1 a call failed, 2 bad arguments or configuration.
 */
public final class HandbackCommand {

    public static final String USAGE = """
            Options for handback:
              --config FILE    the configuration microscaler runs with (actuator.aws.* and services)
              --service ID     only this service (repeatable); default: every service-mode service

            Restores the Application Auto Scaling dynamic scaling that takeOver: true suspended, as it
            was before (recorded in the scalable target's tag microscaler:handback), and removes the
            tag. Stop microscaler first (or set takeOver: false), or it takes the services over again.
            """;

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path config = null;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!List.of("--config", "--service").contains(option) || i + 1 >= args.size()) {
                err.println("microscaler handback: " + (i + 1 >= args.size() && List.of("--config", "--service")
                        .contains(option) ? option + " needs a value" : "unknown option '" + option + "'") + "\n\n" + USAGE);
                return 2;
            }
            String value = args.get(++i);
            if (option.equals("--config")) {
                config = Path.of(value);
            } else {
                only.add(value);
            }
        }
        if (config == null) {
            err.println("microscaler handback: --config FILE is required\n\n" + USAGE);
            return 2;
        }
        MicroscalerConfig loaded;
        try {
            loaded = ConfigLoader.load(config, System.getenv(), Map.of(), Map.of());
        } catch (ConfigException e) {
            return ServiceMain.configError(e);
        }
        return handBack(loaded, only, out, err);
    }

    /** Hands back the configured services (all service-mode ones when {@code only} is empty). */
    public static int handBack(MicroscalerConfig config, List<String> only, PrintStream out, PrintStream err) {
        if (config.actuator().target() != ActuatorConfig.Target.ECS) {
            err.println("microscaler handback: actuator.target is " + config.actuator().target()
                    + ": nothing was taken over (take-over needs actuator.target: ecs)");
            return 2;
        }
        List<String> services = new ArrayList<>();
        for (ServiceConfig s : config.services().values()) {
            if (!s.placement().taskMode() && (only.isEmpty() || only.contains(s.id()))) {
                services.add(s.id());
            }
        }
        List<String> unknown = only.stream().filter(id -> !services.contains(id)).toList();
        if (!unknown.isEmpty()) {
            err.println("microscaler handback: --service " + unknown + " is not a service-mode service of the"
                    + " configuration (services: " + config.services().keySet() + ")");
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        try (AwsClients aws = AwsClients.create(AwsSettings.from(config.actuator().aws()))) {
            AwsCalls calls = new AwsCalls(vertx, AwsCalls.Settings.from(config.actuator().aws()), AwsCallListener.NONE);
            ScalableTargetCalls targets = new ScalableTargetCalls(aws.applicationAutoScaling(), calls,
                    config.actuator().aws().cluster());
            Promise<Integer> done = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> handBackEach(targets, services, 0, 0, out, err).onComplete(done));
            return done.future().toCompletionStage().toCompletableFuture().get(
                    config.actuator().aws().retry().deadline().toMillis() * (3L * services.size() + 1), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            err.println("microscaler handback: " + e);
            return 1;
        } finally {
            vertx.close();
        }
    }

    /** One service after the other, so the output reads in order. */
    private static Future<Integer> handBackEach(ScalableTargetCalls targets, List<String> services, int index, int failed,
                                               PrintStream out, PrintStream err) {
        if (index == services.size()) {
            return Future.succeededFuture(failed == 0 ? 0 : 1);
        }
        String service = services.get(index);
        return targets.read(service, true)
                .compose(found -> targets.restore(service, found).map(restored -> say(service, found, restored)))
                .map(line -> {
                    out.println(line);
                    return 0;
                })
                .recover(e -> {
                    err.println(service + ": handing back failed: " + e);
                    return Future.succeededFuture(1);
                })
                .compose(f -> handBackEach(targets, services, index + 1, failed + f, out, err));
    }

    private static String say(String service, DynamicScaling found, Optional<DynamicScaling.Suspension> restored) {
        if (found.target().isEmpty()) {
            return service + ": no scalable target: nothing to hand back";
        }
        return restored.map(s -> service + ": handed back to Application Auto Scaling: " + found.target().get().resourceId()
                        + " restored to " + s.tagValue() + ", tag " + DynamicScaling.TAG + " removed")
                .orElse(service + ": not taken over by microscaler (no tag " + DynamicScaling.TAG + " on "
                        + found.target().get().resourceId() + "): left as it is");
    }

    private HandbackCommand() {
    }
}
