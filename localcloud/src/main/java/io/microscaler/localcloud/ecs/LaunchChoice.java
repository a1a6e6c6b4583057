package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.AwsError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a RunTask asks its tasks to run: {@code launchType} EC2 or FARGATE, or a
 * {@code capacityProviderStrategy} naming FARGATE / FARGATE_SPOT (Fargate) or Auto Scaling group
 * providers (EC2); with neither, EC2. As in AWS, the two may not be given together and a strategy
 * may not mix Fargate with Auto Scaling group providers.
 *
 * @param capacityProvider the Fargate provider a strategy chose (the first), else null
 */
record LaunchChoice(LaunchType launchType, String capacityProvider) {

    private static final Set<String> FARGATE_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");

    static LaunchChoice of(JsonObject request) {
        String launchType = request.getString("launchType");
        JsonArray strategy = request.getJsonArray("capacityProviderStrategy");
        if (launchType != null && strategy != null) {
            throw invalid("Specifying both a launchType and capacityProviderStrategy is not supported. Remove one and try again.");
        }
        if (launchType != null) {
            return switch (launchType) {
                case "EC2" -> new LaunchChoice(LaunchType.EC2, null);
                case "FARGATE" -> new LaunchChoice(LaunchType.FARGATE, null);
                default -> throw invalid("The local cloud runs tasks with launchType EC2 or FARGATE, not " + launchType + ".");
            };
        }
        if (strategy == null || strategy.isEmpty()) {
            return new LaunchChoice(LaunchType.EC2, null);
        }
        List<String> providers = new ArrayList<>();
        for (Object item : strategy) {
            providers.add(((JsonObject) item).getString("capacityProvider"));
        }
        long fargate = providers.stream().filter(FARGATE_PROVIDERS::contains).count();
        if (fargate == 0) {
            return new LaunchChoice(LaunchType.EC2, null);
        }
        if (fargate < providers.size()) {
            throw invalid("The capacity provider strategy cannot contain both Fargate and Auto Scaling group capacity providers.");
        }
        return new LaunchChoice(LaunchType.FARGATE, providers.get(0));
    }

    private static AwsError invalid(String message) {
        return AwsError.client("InvalidParameterException", message);
    }
}
