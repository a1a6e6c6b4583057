package io.microscaler.deploy;

import static io.microscaler.deploy.TemplateReferences.asMap;
import static io.microscaler.deploy.TemplateReferences.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.policy.TargetMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/cloudformation/microscaler.yaml parses with CloudFormation's short-form tags, everything
 * it references exists, its resource types are real, the autoscaler's task role carries exactly
 * deploy/iam/microscaler-policy.json, and the autoscaler's container is the one of
 * deploy/ecs/microscaler-task-definition.json, configured by variables the app really reads.
 */
class CloudFormationTemplateTest {

    private final StackTemplate stack = StackTemplate.read();
    private final Map<String, Object> template = stack.template();
    private final Map<String, Object> resources = stack.resources();
    private final Map<String, Object> parameters = stack.parameters();

    @Test
    void everyReferenceNamesSomethingThatExistsAndEveryTypeIsReal() {
        assertThat(template.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        assertThat(TemplateReferences.problems(template)).isEmpty();
        // The console's parameter groups name parameters too.
        List<Object> grouped = new ArrayList<>();
        Object interfaceMetadata = section(section(template, "Metadata"), "AWS::CloudFormation::Interface").get("ParameterGroups");
        ((List<?>) interfaceMetadata).forEach(group -> grouped.addAll((List<?>) asMap(group).get("Parameters")));
        assertThat(grouped).doesNotHaveDuplicates().allMatch(parameters::containsKey)
                .as("every parameter is in a group").hasSameSizeAs(parameters.keySet());
    }

    @Test
    void theCheckFindsWhatPointsAtNothing() {
        Map<String, Object> broken = CloudFormationYaml.parse("""
                Parameters:
                  Name: {Type: String}
                Conditions:
                  Real: !Equals [!Ref Name, "x"]
                Resources:
                  Group:
                    Type: AWS::EC2::SecurityGroup
                    Condition: Imagined
                    DependsOn: Nowhere
                    Properties:
                      GroupDescription: !Sub "${Name} in ${AWS::Region} for ${Ghost} at ${Role.Arn} ${!Literal}"
                      VpcId: !If [Unreal, !Ref Name, !Ref Vpc]
                  Role:
                    Type: AWS::IAM::Rol
                Outputs:
                  Id: {Value: !GetAtt Group.GroupIdd}
                """);
        assertThat(TemplateReferences.problems(broken)).containsExactlyInAnyOrder(
                "Resources.Group.Condition: no condition Imagined",
                "Resources.Group.DependsOn: no resource Nowhere",
                "Resources.Group.Properties.GroupDescription ${Ghost}: Ref to Ghost, which is no parameter, resource or pseudo parameter",
                "Resources.Group.Properties.GroupDescription ${Role.Arn}: GetAtt Role.Arn: add the attributes of AWS::IAM::Rol to AwsResourceTypes.ATTRIBUTES",
                "Resources.Group.Properties.VpcId.Fn::If[0]: no condition Unreal",
                "Resources.Group.Properties.VpcId.Fn::If[2]: Ref to Vpc, which is no parameter, resource or pseudo parameter",
                "Resources.Role: Type AWS::IAM::Rol is not a known AWS resource type (AwsResourceTypes)",
                "Outputs.Id.Value: GetAtt Group.GroupIdd: AWS::EC2::SecurityGroup has no attribute GroupIdd (it has "
                        + AwsResourceTypes.ATTRIBUTES.get("AWS::EC2::SecurityGroup") + ")");
        assertThatThrownBy(() -> CloudFormationYaml.parse("Value: !Reff Name")).hasMessageContaining("!Reff");
    }

    @Test
    void theAutoscalersTaskRoleCarriesExactlyTheIamPolicyFile() {
        Map<String, Object> taskDefinition = autoscalerTaskDefinition();
        Object roleArn = taskDefinition.get("TaskRoleArn");
        assertThat(roleArn).isInstanceOf(Map.class);
        String role = String.valueOf(((List<?>) asMap(roleArn).get("Fn::GetAtt")).get(0));
        List<?> policies = (List<?>) properties(role).get("Policies");

        assertThat(policies).hasSize(1);
        assertThat(withoutSub(asMap(policies.get(0)).get("PolicyDocument")))
                .isEqualTo(IamPolicy.read(DeployFiles.IAM_POLICY).document());
        assertThat(properties(role).get("ManagedPolicyArns")).as("no other permissions").isNull();
    }

    @Test
    void theStackHasTheClusterLoadBalancerImageServerAndAutoscaler() {
        assertThat(section(template, "Outputs").values()).extracting(output -> asMap(output).get("Value"))
                .contains(Map.of("Fn::GetAtt", List.of("LoadBalancer", "DNSName")), Map.of("Ref", "Cluster"));
        assertThat(resources.keySet()).contains("LoadBalancer", "Cluster");
        assertThat(type("LoadBalancer")).isEqualTo("AWS::ElasticLoadBalancingV2::LoadBalancer");
        assertThat(type("Cluster")).isEqualTo("AWS::ECS::Cluster");
        assertThat(asMap(parameters.get("EcsAmiId")).get("Type")).isEqualTo("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>");
        assertThat(asMap(parameters.get("KafkaBootstrapServers")).get("Type")).isEqualTo("String");
        assertThat(asMap(parameters.get("VpcId")).get("Type")).isEqualTo("AWS::EC2::VPC::Id");

        // Instances: launch template with the AMI parameter; Spot only through the condition.
        Map<String, Object> mixed = asMap(properties("AutoScalingGroup").get("MixedInstancesPolicy"));
        assertThat(asMap(asMap(properties("LaunchTemplate").get("LaunchTemplateData"))).get("ImageId"))
                .isEqualTo(Map.of("Ref", "EcsAmiId"));
        assertThat(asMap(mixed.get("InstancesDistribution")).get("OnDemandPercentageAboveBaseCapacity"))
                .isEqualTo(Map.of("Fn::If", List.of("UseSpotInstances", 0, 100)));
        assertThat(asMap(resources.get("CapacityProvider")).get("Condition")).isEqualTo("AttachCapacityProvider");

        // The image server: bridge mode, dynamic host ports, behind an instance target group with a health check.
        Map<String, Object> targetGroup = properties("ImageServerTargetGroup");
        assertThat(targetGroup).containsEntry("TargetType", "instance").containsKey("HealthCheckPath");
        Map<String, Object> imageServer = properties("ImageServerTaskDefinition");
        assertThat(imageServer).containsEntry("NetworkMode", "bridge");
        Map<String, Object> port = asMap(((List<?>) container(imageServer).get("PortMappings")).get(0));
        assertThat(port).containsEntry("HostPort", 0);
        assertThat(asMap(((List<?>) properties("ImageServerService").get("LoadBalancers")).get(0)))
                .containsEntry("TargetGroupArn", Map.of("Ref", "ImageServerTargetGroup"))
                .containsEntry("ContainerPort", port.get("ContainerPort"));
        // The ECS service's name is the microscaler service id the autoscaler is told to scale.
        assertThat(properties("ImageServerService").get("ServiceName")).isEqualTo(Map.of("Ref", "ImageServerName"));
        assertThat(environment(container(autoscalerTaskDefinition()))).containsEntry("MICROSCALER_SERVICES",
                Map.of("Ref", "ImageServerName"));

        // The autoscaler: Fargate, awsvpc, logs to its own log group.
        Map<String, Object> autoscaler = autoscalerTaskDefinition();
        assertThat(autoscaler).containsEntry("NetworkMode", "awsvpc").containsEntry("RequiresCompatibilities", List.of("FARGATE"));
        Map<String, Object> logs = asMap(container(autoscaler).get("LogConfiguration"));
        assertThat(logs).containsEntry("LogDriver", "awslogs");
        String logGroup = String.valueOf(asMap(asMap(logs.get("Options")).get("awslogs-group")).get("Ref"));
        assertThat(type(logGroup)).isEqualTo("AWS::Logs::LogGroup");
        assertThat(resources.values()).filteredOn(r -> "AWS::ECS::Service".equals(asMap(r).get("Type")))
                .extracting(r -> asMap(asMap(r).get("Properties")).get("LaunchType")).contains("FARGATE");
    }

    @Test
    void theAutoscalersContainerIsTheTaskDefinitionFilesAndIsConfiguredByKeysTheAppReads() {
        Map<String, Object> container = container(autoscalerTaskDefinition());
        TaskDefinitionFile file = TaskDefinitionFile.read();

        assertThat(container.get("Command")).isEqualTo(file.container().command());
        assertThat(asMap(container.get("HealthCheck")).get("Command")).isEqualTo(file.container().healthCheck().command());
        assertThat(asMap(((List<?>) container.get("PortMappings")).get(0)).get("ContainerPort"))
                .isEqualTo(file.container().portMappings().get(0).containerPort());

        Map<String, String> env = new LinkedHashMap<>();
        environment(container).forEach((name, value) -> env.put(name, resolve(value)));
        assertThat(ConfigVariables.unknown(env)).as("MICROSCALER_ variables that set no configuration key").isEmpty();
        assertThat(env.keySet()).containsAll(file.environment().keySet());

        MicroscalerConfig config = ConfigLoader.load(DeployFiles.IMAGE_CONFIG, env);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-1.example.internal:9092");
        assertThat(config.actuator().target()).isEqualTo(ActuatorConfig.Target.ECS);
        assertThat(config.actuator().aws().endpointOverride()).as("AWS's regional endpoints").isEmpty();
        assertThat(config.actuator().aws().cluster()).isEqualTo("microscaler");
        assertThat(config.services().keySet()).containsExactly("iiif");
        var policy = config.services().get("iiif").policy();
        assertThat(policy.metric()).isEqualTo(TargetMetric.CONCURRENCY);
        assertThat(policy.targetPerTask()).isEqualTo(8.0);
        assertThat(policy.minTasks()).isEqualTo(2);
        assertThat(policy.maxTasks()).isEqualTo(40);
    }

    /** A container environment value as the stack would resolve it with its parameters' defaults. */
    private String resolve(Object value) {
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name) {
            return switch (name) {
                case "AWS::Region" -> "eu-west-1";
                case "KafkaBootstrapServers" -> "kafka-1.example.internal:9092";
                case "Cluster" -> resolve(properties("Cluster").get("ClusterName"));
                default -> {
                    Object fallback = asMap(parameters.get(name)).get("Default");
                    assertThat(fallback).as("default of parameter %s", name).isNotNull();
                    yield String.valueOf(fallback);
                }
            };
        }
        return String.valueOf(value);
    }

    private Map<String, Object> autoscalerTaskDefinition() {
        return stack.autoscalerTaskDefinition();
    }

    private static Map<String, Object> container(Map<String, Object> taskDefinition) {
        return StackTemplate.container(taskDefinition);
    }

    private static Map<String, Object> environment(Map<String, Object> container) {
        return StackTemplate.environment(container);
    }

    private Map<String, Object> properties(String resource) {
        return stack.properties(resource);
    }

    private String type(String resource) {
        return stack.type(resource);
    }

    /** The same document with each {@code Fn::Sub} of a plain string replaced by the string. */
    private static Object withoutSub(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Fn::Sub") instanceof String text) {
                return text;
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, withoutSub(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CloudFormationTemplateTest::withoutSub).toList();
        }
        return node;
    }
}
