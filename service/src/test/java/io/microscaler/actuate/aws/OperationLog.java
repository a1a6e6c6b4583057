package io.microscaler.actuate.aws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** Records every HTTP request the clients send, as {@code Service:Operation}, and UpdateService counts, from the client's side. */
final class OperationLog implements ExecutionInterceptor {

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> desiredCounts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateServiceRequest update) {
            desiredCounts.add(update.desiredCount());
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        sent.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** The desiredCount of every UpdateService call (once per call, not per attempt). */
    List<Integer> desiredCounts() {
        return List.copyOf(desiredCounts);
    }

    void reset() {
        sent.clear();
    }

    List<String> sent() {
        return List.copyOf(sent);
    }

    long count(String operation) {
        return sent().stream().filter(operation::equals).count();
    }
}
