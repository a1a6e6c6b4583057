package io.microscaler.deploy;

import java.util.Map;
import java.util.Set;

/**
 * Real CloudFormation resource types and the GetAtt attributes of those the template uses, from the
 * AWS resource and property types reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html).
 * A type or attribute not listed here fails {@link TemplateReferences}: add it from that reference,
 * which is how a typo like {@code AWS::ECS::TaskDefintion} is caught before a stack is created.
 */
final class AwsResourceTypes {

    static final Set<String> ALL = Set.of(
            "AWS::ApplicationAutoScaling::ScalableTarget",
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::AutoScaling::LaunchConfiguration",
            "AWS::AutoScaling::LifecycleHook",
            "AWS::AutoScaling::ScalingPolicy",
            "AWS::CloudFormation::WaitCondition",
            "AWS::CloudFormation::WaitConditionHandle",
            "AWS::CloudWatch::Alarm",
            "AWS::EC2::EIP",
            "AWS::EC2::InternetGateway",
            "AWS::EC2::LaunchTemplate",
            "AWS::EC2::NatGateway",
            "AWS::EC2::Route",
            "AWS::EC2::RouteTable",
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::SecurityGroupEgress",
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::Subnet",
            "AWS::EC2::SubnetRouteTableAssociation",
            "AWS::EC2::VPC",
            "AWS::EC2::VPCEndpoint",
            "AWS::EC2::VPCGatewayAttachment",
            "AWS::ECR::Repository",
            "AWS::ECS::CapacityProvider",
            "AWS::ECS::Cluster",
            "AWS::ECS::ClusterCapacityProviderAssociations",
            "AWS::ECS::Service",
            "AWS::ECS::TaskDefinition",
            "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::ElasticLoadBalancingV2::ListenerRule",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            "AWS::Events::Rule",
            "AWS::IAM::InstanceProfile",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::Policy",
            "AWS::IAM::Role",
            "AWS::Logs::LogGroup",
            "AWS::MSK::Cluster",
            "AWS::SNS::Topic",
            "AWS::SQS::Queue",
            "AWS::SSM::Parameter");

    static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
            Map.entry("AWS::EC2::LaunchTemplate", Set.of("LaunchTemplateId", "DefaultVersionNumber", "LatestVersionNumber")),
            Map.entry("AWS::EC2::SecurityGroup", Set.of("GroupId", "VpcId")),
            Map.entry("AWS::ECS::Cluster", Set.of("Arn")),
            Map.entry("AWS::ECS::Service", Set.of("Name", "ServiceArn")),
            Map.entry("AWS::ECS::TaskDefinition", Set.of("TaskDefinitionArn")),
            Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", Set.of("CanonicalHostedZoneID", "DNSName",
                    "LoadBalancerArn", "LoadBalancerFullName", "LoadBalancerName", "SecurityGroups")),
            Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", Set.of("LoadBalancerArns", "TargetGroupArn",
                    "TargetGroupFullName", "TargetGroupName")),
            Map.entry("AWS::IAM::InstanceProfile", Set.of("Arn")),
            Map.entry("AWS::IAM::Role", Set.of("Arn", "RoleId")),
            Map.entry("AWS::Logs::LogGroup", Set.of("Arn")));

    private AwsResourceTypes() {
    }
}
