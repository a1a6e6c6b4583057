package io.microscaler.replay;

import io.microscaler.replay.baseline.AwsTargetTracking;
import io.microscaler.replay.baseline.HpaV2;
import io.microscaler.replay.baseline.KnativeKpa;
import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.ServiceModel;

/**
 * Builds each policy of a replay with its target from the model's one rule
 * ({@link ServiceModel#targetUtilisation} of a task's capacity), in the unit its metric uses:
 * in-flight requests for microscaler and Knative, requests/s for the HPA, requests per target per
 * minute for AWS.
 */
final class Policies {

    private Policies() {
    }

    static Autoscaler create(String name, ReplayOptions options) {
        ServiceModel model = options.model();
        return switch (name) {
            case MicroscalerAutoscaler.NAME -> MicroscalerAutoscaler.forModel(model, options.sloMs(),
                    options.microscalerConfig());
            case AwsTargetTracking.NAME -> new AwsTargetTracking(model.targetRatePerTask() * 60, model.minTasks(),
                    model.maxTasks());
            case HpaV2.NAME -> new HpaV2(model.targetRatePerTask(), model.minTasks(), model.maxTasks());
            case KnativeKpa.NAME -> new KnativeKpa(model.targetConcurrencyPerTask(), model.minTasks(), model.maxTasks());
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'");
        };
    }
}
