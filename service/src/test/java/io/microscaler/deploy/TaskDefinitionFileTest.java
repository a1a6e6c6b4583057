package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * deploy/ecs/microscaler-task-definition.json is a RegisterTaskDefinition request (the SDK's own
 * builder takes every field) for a Fargate task whose container listens, is health-checked and is
 * configured the way the app is. TaskDefinitionRegistersIT registers it.
 */
class TaskDefinitionFileTest {

    private final TaskDefinitionFile file = TaskDefinitionFile.read();
    private final RegisterTaskDefinitionRequest request = file.request();
    private final ContainerDefinition container = file.container();

    @Test
    void isAFargateTaskWithRolesAndTaskSizes() {
        assertThat(request.family()).isEqualTo("microscaler");
        assertThat(request.networkMode()).isEqualTo(NetworkMode.AWSVPC);
        assertThat(request.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
        // Fargate takes whole sizes as strings; 1 vCPU with 2 GiB is one of its valid pairs.
        assertThat(request.cpu()).isEqualTo("1024");
        assertThat(request.memory()).isEqualTo("2048");
        assertThat(request.taskRoleArn()).matches("arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+");
        assertThat(request.executionRoleArn()).matches("arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+")
                .isNotEqualTo(request.taskRoleArn());
    }

    @Test
    void theContainerListensAndIsHealthCheckedOnTheAppsPortAndPath() {
        int appPort = ConfigLoader.defaults().http().port();
        assertThat(container.essential()).isTrue();
        assertThat(container.portMappings()).extracting(PortMapping::containerPort).containsExactly(appPort);
        assertThat(container.healthCheck().command()).hasSize(2).first().isEqualTo("CMD-SHELL");
        assertThat(container.healthCheck().command().get(1))
                .contains("http://127.0.0.1:${MICROSCALER_HTTP_PORT:-" + appPort + "}/health/ready");
        assertThat(container.healthCheck().startPeriod()).as("covers JVM start and the first group join").isGreaterThanOrEqualTo(30);
        assertThat(container.logConfiguration().logDriver()).isEqualTo(LogDriver.AWSLOGS);
        assertThat(container.logConfiguration().options()).containsKeys("awslogs-group", "awslogs-region", "awslogs-stream-prefix");
    }

    @Test
    void itsEnvironmentSetsRealKeysAndMakesAValidProductionConfiguration() {
        assertThat(ConfigVariables.unknown(file.environment())).isEmpty();
        assertThat(file.environment()).containsKeys("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS", "MICROSCALER_ACTUATOR_AWS_REGION",
                "MICROSCALER_ACTUATOR_AWS_CLUSTER");

        // The image's configuration file (its CMD's --config), overridden by this environment.
        assertThat(container.command()).containsExactly("run", "--config", "/etc/microscaler/microscaler.yaml");
        MicroscalerConfig config = ConfigLoader.load(DeployFiles.IMAGE_CONFIG, file.environment());
        assertThat(config.kafka().hasBootstrapServers()).as("an external broker: the service requires one").isTrue();
        assertThat(config.kafka().bootstrapServers()).isEqualTo(file.environment().get("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(config.actuator().target()).isEqualTo(ActuatorConfig.Target.ECS);
        assertThat(config.actuator().aws().endpointOverride()).as("AWS's regional endpoints").isEmpty();
        assertThat(config.actuator().aws().region()).isEqualTo(container.logConfiguration().options().get("awslogs-region"));
        assertThat(config.services()).containsOnlyKeys("iiif");
    }
}
