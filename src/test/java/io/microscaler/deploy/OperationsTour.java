package io.microscaler.deploy;

import java.util.List;

/**
 * Every path on which the app calls AWS, as steps. IamPolicyMatchesCallsIT runs them with the
 * production clients recorded and holds deploy/iam/microscaler-policy.json to exactly what they
 * called. A new scaling target or AWS call path adds its steps here (and whatever it needs to
 * {@link TourWorld}); the test then says which actions the policy is missing.
 */
final class OperationsTour {

    static List<TourStep> steps() {
        return List.of(
                // ScalingTarget "ecs-service" (actuator.target: ecs)
                new TourStep("ecs-service apply: UpdateService, then DescribeServices to read the counts back",
                        world -> world.ecsServiceTarget().apply(TourWorld.SERVICE, 2)
                                .map(capacity -> expect(capacity, capacity.desired() == 2, "desired 2 after apply"))),
                new TourStep("ecs-service observe, the reconciler's read: DescribeServices",
                        world -> world.ecsServiceTarget().observe(TourWorld.SERVICE)
                                .map(capacity -> expect(capacity, capacity.desired() == 2, "desired 2 observed"))),
                new TourStep("ecs-service read with healthy targets: DescribeServices, DescribeTargetHealth",
                        world -> world.ecsServiceTarget().read(TourWorld.SERVICE)
                                .map(counts -> expect(counts, counts.healthy().isPresent(), "a healthy-target count"))),
                new TourStep("ecs-service repair of a count changed behind the app's back: DescribeServices, UpdateService",
                        world -> world.operatorSetsDesiredCount(5)
                                .compose(v -> world.ecsServiceTarget().read(TourWorld.SERVICE))
                                .map(counts -> expect(counts, counts.desired() == 2, "desired 2 again after the repair"))));
    }

    private static <T> T expect(T result, boolean held, String what) {
        if (!held) {
            throw new AssertionError("expected " + what + ", but got " + result);
        }
        return result;
    }

    private OperationsTour() {
    }
}
