package io.microscaler.loadtest;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * How many targets of a target group the load balancer finds healthy, by ELBv2
 * {@code DescribeTargetHealth}: what the ALB itself says, in the demo's local cloud or in an AWS
 * account. One blocking call a second from the sampler's own thread.
 */
public final class TargetHealth implements AutoCloseable {

    private final ElasticLoadBalancingV2Client elb;
    private final String targetGroup;
    private String targetGroupArn;

    /**
     * @param endpoint    the ELBv2 endpoint, or null for the region's (then the SDK's default credentials)
     * @param region      e.g. eu-west-1 (the demo's local cloud signs for eu-west-1)
     * @param targetGroup the target group's name or ARN
     */
    public TargetHealth(URI endpoint, String region, String targetGroup) {
        // The local cloud needs a signature but checks no secret: any static credentials do there.
        AwsCredentialsProvider credentials = endpoint == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("LOADTEST", "local-cloud-checks-no-secret"));
        var builder = ElasticLoadBalancingV2Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.elb = builder.build();
        this.targetGroup = targetGroup;
    }

    /** Healthy targets now; throws if the call fails (the sampler records no count then). */
    public int healthy() {
        if (targetGroupArn == null) {
            targetGroupArn = targetGroup.startsWith("arn:") ? targetGroup
                    : elb.describeTargetGroups(b -> b.names(targetGroup)).targetGroups().get(0).targetGroupArn();
        }
        return (int) elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth() != null && d.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                .count();
    }

    @Override
    public void close() {
        elb.close();
    }
}
