package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/iam/microscaler-policy.json allows exactly the AWS actions the app calls: the operations
 * tour runs every AWS path of the app against the local cloud with its production clients
 * recorded (an SDK ExecutionInterceptor sees each operation), and the recorded operations, named
 * as IAM names them, must equal the policy's actions. A missing action would be AccessDenied in
 * production; a surplus one is permission nobody needs.
 */
class IamPolicyMatchesCallsIT {

    @Test
    void thePolicyAllowsExactlyTheActionsTheToursCodeCalls() {
        AwsOperationRecorder recorder = new AwsOperationRecorder();
        try (TourWorld world = TourWorld.start(recorder)) {
            assertThat(recorder.operations()).as("the set-up is not recorded").isEmpty();
            for (TourStep step : OperationsTour.steps()) {
                world.run(step);
            }
        }
        System.out.printf("operations tour: %d steps called %s%n", OperationsTour.steps().size(), recorder.operations());
        Set<String> called = recorder.iamActions();

        Set<String> allowed = IamPolicy.read(DeployFiles.IAM_POLICY).allowedActions();
        assertThat(IamPolicy.differences(called, allowed)).as("policy %s vs the calls of the tour", allowed).isEmpty();
    }
}
