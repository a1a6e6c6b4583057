package io.microscaler.localcloud.query;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/** The production SDK clients, pointed at a loopback endpoint with dummy keys and no retries. */
public final class SdkClients {

    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALCLOUD", "local-cloud-secret"));

    private SdkClients() {
    }

    public static ElasticLoadBalancingV2AsyncClient elb(URI endpoint) {
        return ElasticLoadBalancingV2AsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(DUMMY)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static AutoScalingAsyncClient autoScaling(URI endpoint) {
        return AutoScalingAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(DUMMY)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
