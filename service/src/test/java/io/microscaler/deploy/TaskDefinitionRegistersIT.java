package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ConfigLoader;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * deploy/ecs/microscaler-task-definition.json registers through the SDK (the request parsed from
 * the file, as {@code aws ecs register-task-definition --cli-input-json} sends it) in the local
 * cloud, and ECS describes back a Fargate task whose container listens and is health-checked on
 * the app's port and readiness path.
 */
class TaskDefinitionRegistersIT {

    @Test
    void theFileRegistersAndDescribesBackWithTheAppsPortAndHealthCheck() {
        TaskDefinitionFile file = TaskDefinitionFile.read();
        int appPort = ConfigLoader.defaults().http().port();
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast()); EcsAsyncClient ecs = fixture.ecs()) {
            TaskDefinition registered = LocalCloudFixture.call(ecs.registerTaskDefinition(file.request())).taskDefinition();
            TaskDefinition described = LocalCloudFixture.call(ecs.describeTaskDefinition(r -> r.taskDefinition("microscaler")))
                    .taskDefinition();

            assertThat(described.taskDefinitionArn()).isEqualTo(registered.taskDefinitionArn()).endsWith(":task-definition/microscaler:1");
            assertThat(described.networkMode()).isEqualTo(NetworkMode.AWSVPC);
            assertThat(described.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
            assertThat(described.cpu()).isEqualTo(file.request().cpu());
            assertThat(described.memory()).isEqualTo(file.request().memory());

            ContainerDefinition container = described.containerDefinitions().get(0);
            // In awsvpc mode the host port is the container port, and ECS says so in what it describes back.
            assertThat(container.portMappings()).allSatisfy(m -> assertThat(m.hostPort()).isEqualTo(m.containerPort()));
            assertThat(container.toBuilder().portMappings(container.portMappings().stream()
                    .map(m -> m.toBuilder().hostPort(null).build()).toList()).build()).isEqualTo(file.container());
            assertThat(container.portMappings().get(0).containerPort()).isEqualTo(appPort);
            assertThat(container.healthCheck().command().get(1))
                    .contains("http://127.0.0.1:${MICROSCALER_HTTP_PORT:-" + appPort + "}/health/ready");
        }
    }

    /**
     * The roles are task-level fields: the task role is what gives the autoscaler its IAM policy,
     * the execution role what lets ECS pull the image and write the logs.
     */
    @Test
    void theRolesDescribeBack() {
        TaskDefinitionFile file = TaskDefinitionFile.read();
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast()); EcsAsyncClient ecs = fixture.ecs()) {
            LocalCloudFixture.call(ecs.registerTaskDefinition(file.request()));
            TaskDefinition described = LocalCloudFixture.call(ecs.describeTaskDefinition(r -> r.taskDefinition("microscaler")))
                    .taskDefinition();

            assertThat(described.taskRoleArn()).isEqualTo(file.request().taskRoleArn());
            assertThat(described.executionRoleArn()).isEqualTo(file.request().executionRoleArn());
        }
    }
}
