package io.microscaler.actuate.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** DescribeTargetHealth with fixed states for one target group. */
final class FakeElb implements ElasticLoadBalancingV2AsyncClient {

    private final String targetGroupArn;
    private final List<TargetHealthStateEnum> states;

    FakeElb(String targetGroupArn, TargetHealthStateEnum... states) {
        this.targetGroupArn = targetGroupArn;
        this.states = List.of(states);
    }

    @Override
    public CompletableFuture<DescribeTargetHealthResponse> describeTargetHealth(DescribeTargetHealthRequest request) {
        if (!request.targetGroupArn().equals(targetGroupArn)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown " + request.targetGroupArn()));
        }
        List<TargetHealthDescription> described = new ArrayList<>();
        int port = 32768;
        for (TargetHealthStateEnum state : states) {
            described.add(TargetHealthDescription.builder()
                    .target(TargetDescription.builder().id("i-0" + port).port(port++).build())
                    .targetHealth(TargetHealth.builder().state(state).build()).build());
        }
        return CompletableFuture.supplyAsync(() -> DescribeTargetHealthResponse.builder()
                .targetHealthDescriptions(described).build());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
