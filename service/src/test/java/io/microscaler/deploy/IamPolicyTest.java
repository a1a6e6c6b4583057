package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/iam/microscaler-policy.json and microscaler-shadow-policy.json are least privilege in their form: Allow statements only, no
 * wildcard actions, and every action scoped to the resources AWS lets it be scoped to. Which
 * actions support resource-level permissions is AWS's Service Authorization Reference (the
 * "Resource types" column; an empty column means only "*" works):
 * <ul>
 *   <li>https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html</li>
 *   <li>https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancingv2.html</li>
 *   <li>https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html</li>
 *   <li>https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html
 *       (scalable-target: RegisterScalableTarget and the tag operations; the Describe operations take none)</li>
 * </ul>
 * The tables below cover the actions microscaler calls or will call (task mode, cluster
 * capacity); an action in the policy that is in neither table fails, so whoever adds one looks it up.
 * That the actions are exactly the ones the code calls is IamPolicyMatchesCallsIT's job.
 */
class IamPolicyTest {

    /** Actions with a required resource type, and how an ARN of that type reads. */
    static final Map<String, String> SCOPED = Map.ofEntries(
            Map.entry("ecs:DescribeServices", ":service/"),
            Map.entry("ecs:UpdateService", ":service/"),
            Map.entry("ecs:RunTask", ":task-definition/"),
            Map.entry("ecs:StopTask", ":task/"),
            Map.entry("ecs:DescribeTasks", ":task/"),
            Map.entry("ecs:ListTasks", ":container-instance/"),
            Map.entry("ecs:DescribeContainerInstances", ":container-instance/"),
            Map.entry("ecs:UpdateContainerInstancesState", ":container-instance/"),
            Map.entry("ecs:ListContainerInstances", ":cluster/"),
            Map.entry("elasticloadbalancing:RegisterTargets", ":targetgroup/"),
            Map.entry("elasticloadbalancing:DeregisterTargets", ":targetgroup/"),
            Map.entry("autoscaling:SetDesiredCapacity", ":autoScalingGroup:"),
            Map.entry("autoscaling:TerminateInstanceInAutoScalingGroup", ":autoScalingGroup:"),
            Map.entry("application-autoscaling:RegisterScalableTarget", ":scalable-target/"),
            Map.entry("application-autoscaling:TagResource", ":scalable-target/"),
            Map.entry("application-autoscaling:UntagResource", ":scalable-target/"),
            Map.entry("application-autoscaling:ListTagsForResource", ":scalable-target/"));

    /** Actions without resource-level permissions: "*" is the only resource that works. */
    static final Set<String> UNSCOPABLE = Set.of(
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetGroups",
            "autoscaling:DescribeAutoScalingGroups",
            "application-autoscaling:DescribeScalableTargets",
            "application-autoscaling:DescribeScalingPolicies");

    /** The policy files under deploy/iam, each held to the same form. */
    static Stream<Path> policies() {
        return Stream.of(DeployFiles.IAM_POLICY, DeployFiles.IAM_SHADOW_POLICY);
    }

    /**
     * A read-only action by AWS's naming: Describe, List or Get. Every mutating action microscaler
     * calls (UpdateService, RunTask, StopTask, RegisterTargets, SetDesiredCapacity, …) is named otherwise.
     */
    static boolean readOnly(String action) {
        return action.matches("[a-z-]+:(Describe|List|Get)[A-Z][A-Za-z]*");
    }

    @ParameterizedTest
    @MethodSource("policies")
    void isAnAllowOnlyPolicyOfNamedActions(Path file) {
        IamPolicy policy = IamPolicy.read(file);
        assertThat(policy.document().get("Version")).isEqualTo("2012-10-17");
        assertThat(policy.statements()).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.get("Effect")).as("Effect of %s", statement).isEqualTo("Allow");
            assertThat(statement).as("statement %s", statement).doesNotContainKeys("NotAction", "NotResource");
            assertThat(IamPolicy.strings(statement.get("Action"))).as("actions of %s", statement).isNotEmpty()
                    .allMatch(action -> action.matches("(ecs|elasticloadbalancing|autoscaling|application-autoscaling):[A-Z][A-Za-z]+"),
                            "service:Action, no wildcard, ECS/ELB/Auto Scaling/Application Auto Scaling only");
            assertThat(IamPolicy.strings(statement.get("Resource"))).as("resources of %s", statement).isNotEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyActionIsScopedAsFarAsAwsAllows(Path file) {
        IamPolicy policy = IamPolicy.read(file);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> statement : policy.statements()) {
            List<String> resources = IamPolicy.strings(statement.get("Resource"));
            for (String action : IamPolicy.strings(statement.get("Action"))) {
                problems.addAll(scopeProblems(action, resources, statement.get("Condition")));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theShadowPolicyAllowsOnlyReadsAndOnlyOnTheSameResourcesAsTheFullOne() {
        IamPolicy shadow = IamPolicy.read(DeployFiles.IAM_SHADOW_POLICY);
        IamPolicy full = IamPolicy.read(DeployFiles.IAM_POLICY);

        assertThat(shadow.allowedActions()).isNotEmpty().allMatch(IamPolicyTest::readOnly, "Describe/List/Get only")
                .isSubsetOf(full.allowedActions());
        assertThat(full.allowedActions()).filteredOn(a -> !readOnly(a)).as("the check tells mutating actions apart")
                .contains("ecs:UpdateService", "ecs:RunTask", "elasticloadbalancing:RegisterTargets",
                        "autoscaling:SetDesiredCapacity", "application-autoscaling:RegisterScalableTarget");
        assertThat(shadow.allowedActions()).as("shadow reads Application Auto Scaling with Describe* alone")
                .allMatch(a -> !a.startsWith("application-autoscaling:") || a.contains(":Describe"));
    }

    @Test
    void theScopeCheckRefusesAWildcardWhereAwsAllowsAnArnAndAnArnWhereItDoesNot() {
        String service = "arn:aws:ecs:eu-west-1:123456789012:service/microscaler/*";
        assertThat(scopeProblems("ecs:UpdateService", List.of("*"), null)).hasSize(1);
        assertThat(scopeProblems("ecs:UpdateService", List.of(service), null)).isEmpty();
        assertThat(scopeProblems("ecs:StopTask", List.of("*"),
                Map.of("ArnEquals", Map.of("ecs:cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/microscaler")))).isEmpty();
        assertThat(scopeProblems("elasticloadbalancing:DescribeTargetHealth", List.of(service), null)).hasSize(1);
        assertThat(scopeProblems("ecs:CreateService", List.of("*"), null)).singleElement().asString()
                .contains("not in IamPolicyTest's tables");
    }

    /** Why this action on these resources is not least privilege; empty if it is. */
    static List<String> scopeProblems(String action, List<String> resources, Object condition) {
        if (UNSCOPABLE.contains(action)) {
            return resources.equals(List.of("*")) ? List.of()
                    : List.of(action + " has no resource-level permissions: its Resource must be \"*\", but was " + resources);
        }
        String arnType = SCOPED.get(action);
        if (arnType == null) {
            return List.of(action + " is not in IamPolicyTest's tables: look up its resource types in the Service"
                    + " Authorization Reference and add it to SCOPED or UNSCOPABLE");
        }
        boolean byArn = resources.stream().allMatch(r -> r.contains(arnType));
        boolean byCluster = action.startsWith("ecs:") && condition != null && condition.toString().contains("ecs:cluster");
        return byArn || byCluster ? List.of()
                : List.of(action + " can be scoped to ARNs containing '" + arnType + "' (or, for ECS, by the ecs:cluster"
                        + " condition), but its Resource was " + resources);
    }

    @Test
    void theDifferenceNamesMissingAndSurplusActions() {
        String message = IamPolicy.differences(Set.of("ecs:UpdateService", "ecs:DescribeServices"),
                Set.of("ecs:DescribeServices", "ecs:DeleteService"));
        assertThat(message).contains("called but not allowed (AccessDenied in production): [ecs:UpdateService]")
                .contains("allowed but never called (not least privilege): [ecs:DeleteService]");
        assertThat(IamPolicy.differences(Set.of("ecs:UpdateService"), Set.of("ecs:UpdateService"))).isEmpty();
    }
}
