package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.tasks.LaunchType;
import io.microscaler.tasks.TaskTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Task;

class ObservedTaskTest {

    private static final String INSTANCE = "arn:aws:ecs:eu-west-1:123456789012:container-instance/c/abc";
    private static final Map<String, String> EC2 = Map.of(INSTANCE, "i-0123456789abcdef0");

    private static Task.Builder bridgeTask() {
        return Task.builder().taskArn("arn:task/1").group("service:web").lastStatus("RUNNING").desiredStatus("RUNNING")
                .containerInstanceArn(INSTANCE).launchType("EC2")
                .containers(
                        Container.builder().name("sidecar").networkBindings(binding(8080, 40000)).build(),
                        Container.builder().name("web").networkBindings(binding(9090, 32770), binding(8080, 32771)).build());
    }

    private static NetworkBinding binding(int containerPort, int hostPort) {
        return NetworkBinding.builder().containerPort(containerPort).hostPort(hostPort).protocol("tcp").build();
    }

    @Test
    void aBridgeTaskIsReachedOnItsInstanceAtTheHostPortOfTheConfiguredContainerAndPort() {
        ObservedTask task = ObservedTask.of(bridgeTask().build(), "web", 8080);

        assertThat(task.running()).isTrue();
        assertThat(task.launchType()).isEqualTo(LaunchType.EC2);
        assertThat(task.target(EC2)).contains(new TaskTarget("i-0123456789abcdef0", 32771));
        // Until the instance's EC2 id is known, there is no target to register.
        assertThat(task.target(Map.of())).isEmpty();
    }

    @Test
    void noBindingForTheContainerPortMeansNoTarget() {
        assertThat(ObservedTask.of(bridgeTask().build(), "web", 7070).target(EC2)).isEmpty();
        assertThat(ObservedTask.of(bridgeTask().build(), "missing", 8080).target(EC2)).isEmpty();
    }

    @Test
    void anAwsvpcTaskIsReachedAtItsOwnAddressOnTheContainerPort() {
        Task fromAttachment = Task.builder().taskArn("arn:task/2").lastStatus("RUNNING").desiredStatus("RUNNING")
                .launchType("FARGATE").containers(Container.builder().name("web").build())
                .attachments(Attachment.builder().type("ElasticNetworkInterface").details(
                        KeyValuePair.builder().name("subnetId").value("subnet-1").build(),
                        KeyValuePair.builder().name("privateIPv4Address").value("127.0.0.7").build()).build())
                .build();
        Task fromContainer = Task.builder().taskArn("arn:task/3").lastStatus("RUNNING").desiredStatus("RUNNING")
                .launchType("FARGATE").containers(Container.builder().name("web")
                        .networkInterfaces(NetworkInterface.builder().privateIpv4Address("127.0.0.8").build()).build())
                .build();

        assertThat(ObservedTask.of(fromAttachment, "web", 8080).target(Map.of())).contains(new TaskTarget("127.0.0.7", 8080));
        assertThat(ObservedTask.of(fromAttachment, "web", 8080).launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(ObservedTask.of(fromContainer, "web", 8080).target(Map.of())).contains(new TaskTarget("127.0.0.8", 8080));
    }

    @Test
    void aTaskAskedToStopIsNoLongerActive() {
        assertThat(ObservedTask.of(bridgeTask().desiredStatus("STOPPED").build(), "web", 8080).active()).isFalse();
        assertThat(ObservedTask.of(bridgeTask().lastStatus("STOPPED").stoppedReason("Essential container exited").build(),
                "web", 8080)).satisfies(t -> {
                    assertThat(t.active()).isFalse();
                    assertThat(t.stoppedReason()).isEqualTo("Essential container exited");
                });
        assertThat(ObservedTask.of(bridgeTask().lastStatus("PENDING").build(), "web", 8080))
                .satisfies(t -> assertThat(t.active()).isTrue()).satisfies(t -> assertThat(t.running()).isFalse());
    }
}
