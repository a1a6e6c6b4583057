package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.config.Defaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/iam/microscaler-msk-policy.json, what microscaler's task role needs on Amazon MSK with
 * IAM authentication, follows what the code does with Kafka (it cannot be tried against a real MSK
 * here): every topic of {@code kafka.topics.*} is named, with the reads, writes and creation of
 * docs/deploy.md's table; both consumer groups ({@code kafka.groupId} and its {@code -cluster}
 * group); and nothing beyond the {@code kafka-cluster:} actions, on this cluster only. A topic added to
 * {@code kafka.topics} fails this test until the policy says what microscaler does with it.
 */
class MskIamPolicyTest {

    private static final Path POLICY = Path.of("deploy/iam/microscaler-msk-policy.json");
    private static final String CLUSTER = "arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:";

    @Test
    void namesEveryTopicAndBothGroupsWithTheActionsTheCodeNeeds() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
        Set<String> topicsNamed = new HashSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.has("NotAction") || statement.has("NotResource")).isFalse();
            for (JsonNode action : statement.path("Action")) {
                assertThat(action.asText()).startsWith("kafka-cluster:").doesNotContain("*");
            }
            for (String resource : resources(statement)) {
                assertThat(resource).startsWith(CLUSTER).contains("/${MskClusterName}/");
                if (resource.contains(":topic/")) {
                    topicsNamed.add(resource.substring(resource.lastIndexOf('/') + 1));
                }
            }
        }
        for (String name : Defaults.childrenOf("kafka.topics")) {
            assertThat(topicsNamed).as("kafka.topics.%s in %s", name, POLICY).contains(Defaults.get("kafka.topics." + name));
        }

        String requests = Defaults.get("kafka.topics.requests");
        String demand = Defaults.get("kafka.topics.demand");
        String cluster = Defaults.get("kafka.topics.cluster");
        String decisions = Defaults.get("kafka.topics.decisions");
        String deadLetter = Defaults.get("kafka.topics.deadLetter");
        String wishes = Defaults.get("kafka.topics.wishes");
        String grants = Defaults.get("kafka.topics.grants");
        String admin = Defaults.get("kafka.topics.admin");
        String history = Defaults.get("kafka.topics.forecastHistory");
        // the ingest consumers, the cluster events consumer, the planner's leader (wishes), every
        // instance's grants reader, the admin overrides every instance reads whole, and the forecast
        // history a predictive service's new owner reads back
        assertThat(allowed(policy, "kafka-cluster:ReadData")).containsExactlyInAnyOrder(topic(requests), topic(demand),
                topic(cluster), topic(wishes), topic(grants), topic(admin), topic(history));
        // the audit, the dead letters, a mis-keyed record written again to its home partition, the
        // wishes every instance writes, the leader's grants, an admin call taken by this instance, the
        // minutes a predictive service's owner closes
        assertThat(allowed(policy, "kafka-cluster:WriteData")).containsExactlyInAnyOrder(
                topic(requests), topic(demand), topic(decisions), topic(deadLetter), topic(wishes), topic(grants),
                topic(admin), topic(history));
        assertThat(allowed(policy, "kafka-cluster:CreateTopic")).containsExactlyInAnyOrder(
                topic(requests), topic(demand), topic(cluster), topic(decisions), topic(deadLetter), topic(wishes),
                topic(grants), topic(admin), topic(history));
        String group = Defaults.get("kafka.groupId");
        for (String action : List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup")) {
            assertThat(allowed(policy, action)).containsExactlyInAnyOrder(
                    CLUSTER + "group/${MskClusterName}/*/" + group, CLUSTER + "group/${MskClusterName}/*/" + group + "-cluster");
        }
        // acks=all idempotent producers; /health/ready's DescribeCluster
        for (String action : List.of("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently", "kafka-cluster:DescribeCluster")) {
            assertThat(allowed(policy, action)).containsExactly(CLUSTER + "cluster/${MskClusterName}/*");
        }
    }

    private static String topic(String name) {
        return CLUSTER + "topic/${MskClusterName}/*/" + name;
    }

    private static List<String> allowed(JsonNode policy, String action) {
        List<String> resources = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            for (JsonNode a : statement.path("Action")) {
                if (a.asText().equals(action)) {
                    resources.addAll(resources(statement));
                }
            }
        }
        return resources;
    }

    private static List<String> resources(JsonNode statement) {
        JsonNode resource = statement.path("Resource");
        List<String> list = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(r -> list.add(r.asText()));
        } else {
            list.add(resource.asText());
        }
        return list;
    }
}
