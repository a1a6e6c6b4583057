package io.microscaler.actuate.aws;

import io.microscaler.tasks.TaskTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;

/**
 * What the actuator's own clients asked and were told, in order: DeregisterTargets and StopTask
 * as they are sent (every attempt), DescribeTargetHealth answers and RunTask's launched tasks as
 * they arrive. The state the actuator acted on, for asserting the order of draining and stopping.
 */
final class TaskModeEvidence implements ExecutionInterceptor {

    /**
     * One step: {@code deregister} (targets), {@code health} (target → state), {@code stop} (task
     * ARN), {@code run} (a RunTask attempt's {@code System.nanoTime()}), {@code launched} (task ARN).
     */
    record Step(String kind, Object what) {
    }

    private final List<Step> steps = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof DeregisterTargetsRequest r) {
            add(new Step("deregister", r.targets().stream().map(t -> new TaskTarget(t.id(), t.port())).toList()));
        } else if (context.request() instanceof StopTaskRequest r) {
            add(new Step("stop", r.task()));
        } else if (context.request() instanceof RunTaskRequest) {
            add(new Step("run", System.nanoTime()));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof DescribeTargetHealthResponse r) {
            Map<TaskTarget, String> health = r.targetHealthDescriptions().stream().collect(Collectors.toMap(
                    d -> new TaskTarget(d.target().id(), d.target().port()), d -> d.targetHealth().stateAsString()));
            add(new Step("health", health));
        } else if (context.response() instanceof RunTaskResponse r) {
            r.tasks().forEach(t -> add(new Step("launched", t.taskArn())));
        }
    }

    private synchronized void add(Step step) {
        steps.add(step);
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The index of the first step from {@code from} on that matches, or -1. */
    static int first(List<Step> steps, int from, Predicate<Step> match) {
        for (int i = Math.max(0, from); i < steps.size(); i++) {
            if (match.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How many targets the last DescribeTargetHealth before {@code target}'s first deregistration
     * found healthy; -1 if it was never deregistered (or no health was read before).
     */
    static long healthySeenBeforeDeregistering(List<Step> steps, TaskTarget target) {
        int deregistered = first(steps, 0, s -> s.kind().equals("deregister") && ((List<?>) s.what()).contains(target));
        if (deregistered < 0) {
            return -1;
        }
        return steps.subList(0, deregistered).stream().filter(s -> s.kind().equals("health")).reduce((a, b) -> b)
                .map(s -> health(s).values().stream().filter("healthy"::equals).count()).orElse(-1L);
    }

    @SuppressWarnings("unchecked")
    static Map<TaskTarget, String> health(Step step) {
        return (Map<TaskTarget, String>) step.what();
    }

    /** Distinct tasks RunTask answered with. */
    long launched() {
        return steps().stream().filter(s -> s.kind().equals("launched")).map(Step::what).distinct().count();
    }

    /** When each RunTask attempt was sent ({@code System.nanoTime()}). */
    List<Long> runTaskAttempts() {
        return steps().stream().filter(s -> s.kind().equals("run")).map(s -> (Long) s.what()).toList();
    }
}
