package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ConfigLoader;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.endpoints.AutoScalingEndpointParams;
import software.amazon.awssdk.services.autoscaling.endpoints.AutoScalingEndpointProvider;
import software.amazon.awssdk.services.ecs.endpoints.EcsEndpointParams;
import software.amazon.awssdk.services.ecs.endpoints.EcsEndpointProvider;
import software.amazon.awssdk.services.elasticloadbalancingv2.endpoints.ElasticLoadBalancingV2EndpointParams;
import software.amazon.awssdk.services.elasticloadbalancingv2.endpoints.ElasticLoadBalancingV2EndpointProvider;

/**
 * Where the clients of a production configuration send their calls: with {@code actuator.aws.endpoint}
 * unset, each API goes to its own regional AWS endpoint as the SDK resolves it (nothing is
 * overridden, nothing local starts); with a URL, every API goes there; {@code actuator.aws.endpoints.*}
 * sends one API elsewhere.
 */
class AwsEndpointsTest {

    private static AwsClients clients(Map<String, String> overrides) {
        return AwsClients.create(AwsSettings.from(ConfigLoader.load(null, Map.of(), overrides).actuator().aws()));
    }

    @Test
    void anUnsetEndpointResolvesToEachApisRegionalAwsEndpoint() {
        try (AwsClients aws = clients(Map.of("actuator.target", "ecs", "actuator.aws.region", "ap-southeast-2",
                "actuator.aws.credentials", "static", "actuator.aws.accessKeyId", "AKIDTEST",
                "actuator.aws.secretAccessKey", "secret"))) {
            assertThat(aws.ecs().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(aws.elb().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(aws.autoScaling().serviceClientConfiguration().endpointOverride()).isEmpty();
            Region region = aws.ecs().serviceClientConfiguration().region();
            assertThat(region).isEqualTo(Region.AP_SOUTHEAST_2);

            var ecs = (EcsEndpointProvider) aws.ecs().serviceClientConfiguration().endpointProvider().orElseThrow();
            var elb = (ElasticLoadBalancingV2EndpointProvider)
                    aws.elb().serviceClientConfiguration().endpointProvider().orElseThrow();
            var autoScaling = (AutoScalingEndpointProvider)
                    aws.autoScaling().serviceClientConfiguration().endpointProvider().orElseThrow();
            assertThat(ecs.resolveEndpoint(EcsEndpointParams.builder().region(region).build()).join().url())
                    .isEqualTo(URI.create("https://ecs.ap-southeast-2.amazonaws.com"));
            assertThat(elb.resolveEndpoint(ElasticLoadBalancingV2EndpointParams.builder().region(region).build()).join().url())
                    .isEqualTo(URI.create("https://elasticloadbalancing.ap-southeast-2.amazonaws.com"));
            assertThat(autoScaling.resolveEndpoint(AutoScalingEndpointParams.builder().region(region).build()).join().url())
                    .isEqualTo(URI.create("https://autoscaling.ap-southeast-2.amazonaws.com"));
            assertThat(aws.applicationAutoScaling().serviceClientConfiguration().endpointOverride()).isEmpty();
            var aas = (software.amazon.awssdk.services.applicationautoscaling.endpoints.ApplicationAutoScalingEndpointProvider)
                    aws.applicationAutoScaling().serviceClientConfiguration().endpointProvider().orElseThrow();
            assertThat(aas.resolveEndpoint(software.amazon.awssdk.services.applicationautoscaling.endpoints
                    .ApplicationAutoScalingEndpointParams.builder().region(region).build()).join().url())
                    .isEqualTo(URI.create("https://application-autoscaling.ap-southeast-2.amazonaws.com"));
        }
    }

    @Test
    void aConfiguredEndpointServesEveryApi() {
        try (AwsClients aws = clients(Map.of("actuator.target", "ecs", "actuator.aws.endpoint", "http://127.0.0.1:4566",
                "actuator.aws.credentials", "static", "actuator.aws.accessKeyId", "AKIDTEST",
                "actuator.aws.secretAccessKey", "secret"))) {
            URI local = URI.create("http://127.0.0.1:4566");
            assertThat(aws.ecs().serviceClientConfiguration().endpointOverride()).contains(local);
            assertThat(aws.elb().serviceClientConfiguration().endpointOverride()).contains(local);
            assertThat(aws.autoScaling().serviceClientConfiguration().endpointOverride()).contains(local);
            assertThat(aws.applicationAutoScaling().serviceClientConfiguration().endpointOverride()).contains(local);
        }
    }

    @Test
    void eachApiCanHaveAnEndpointOfItsOwnAsAwsVpcEndpointsAreOnePerApi() {
        String ecsVpce = "https://vpce-0123abcd-4567.ecs.eu-west-1.vpce.amazonaws.com";
        String aasVpce = "https://vpce-0123abcd-89ab.application-autoscaling.eu-west-1.vpce.amazonaws.com";
        try (AwsClients aws = clients(Map.of("actuator.target", "ecs", "actuator.aws.endpoint", "http://127.0.0.1:4566",
                "actuator.aws.endpoints.ecs", ecsVpce, "actuator.aws.endpoints.applicationAutoscaling", aasVpce,
                "actuator.aws.endpoints.autoscaling", "aws",
                "actuator.aws.credentials", "static", "actuator.aws.accessKeyId", "AKIDTEST",
                "actuator.aws.secretAccessKey", "secret"))) {
            assertThat(aws.ecs().serviceClientConfiguration().endpointOverride()).contains(URI.create(ecsVpce));
            assertThat(aws.applicationAutoScaling().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create(aasVpce));
            assertThat(aws.elb().serviceClientConfiguration().endpointOverride()).as("not set: actuator.aws.endpoint")
                    .contains(URI.create("http://127.0.0.1:4566"));
            assertThat(aws.autoScaling().serviceClientConfiguration().endpointOverride()).as("aws: its regional one")
                    .isEmpty();
        }
    }

    @Test
    void aBadPerApiEndpointIsRefusedNamingItsKey() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.microscaler.config.ConfigException.class,
                () -> clients(Map.of("actuator.aws.endpoints.elasticloadbalancing", "elb.eu-west-1.amazonaws.com")));
        assertThat(e.getMessage()).contains("actuator.aws.endpoints.elasticloadbalancing")
                .contains("elb.eu-west-1.amazonaws.com").contains("a VPC endpoint's own DNS name");
    }
}
