package io.microscaler.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records, on the clients it is given to, every operation the code starts, as
 * {@code Service:Operation} in the SDK's names (once per call, whatever its retries).
 */
final class AwsOperationRecorder implements ExecutionInterceptor {

    /**
     * The IAM prefix of each SDK service the app's clients talk to. The SDK's service name is not
     * the IAM prefix: ELBv2's actions are {@code elasticloadbalancing:*}. For these four services
     * an IAM action is named like its API operation.
     */
    static final Map<String, String> IAM_PREFIX = Map.of(
            "Ecs", "ecs",
            "ElasticLoadBalancingV2", "elasticloadbalancing",
            "AutoScaling", "autoscaling",
            "ApplicationAutoScaling", "application-autoscaling");

    private final Set<String> operations = new ConcurrentSkipListSet<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** What was called, as the SDK names it, e.g. {@code ECS:UpdateService}. */
    Set<String> operations() {
        return new TreeSet<>(operations);
    }

    /** What was called, as IAM names it, e.g. {@code ecs:UpdateService}; fails on a service it has no prefix for. */
    Set<String> iamActions() {
        Set<String> actions = new TreeSet<>();
        for (String operation : operations) {
            int colon = operation.lastIndexOf(':');
            String service = operation.substring(0, colon);
            String prefix = IAM_PREFIX.get(service);
            if (prefix == null) {
                throw new AssertionError("the code called " + operation + ", a service without an IAM prefix in"
                        + " AwsOperationRecorder.IAM_PREFIX " + IAM_PREFIX.keySet() + ": add it (see the Service"
                        + " Authorization Reference for the prefix)");
            }
            actions.add(prefix + ":" + operation.substring(colon + 1));
        }
        return actions;
    }
}
