package io.microscaler.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.TargetRegistry;
import io.microscaler.localcloud.TaskLaunch;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task lifecycle and the service scheduler in plain Java: manual timers, a recording runtime and load balancer. */
class EcsEngineTest {

    private static final Duration START = Duration.ofSeconds(4);
    private static final Duration STOP = Duration.ofSeconds(2);
    private static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";

    private final ManualTimers timers = new ManualTimers();
    private final List<String> log = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<Runnable> drains = new ArrayList<>();
    private final Set<String> failingInstances = new HashSet<>();

    private final ContainerRuntime runtime = new ContainerRuntime() {
        private int port = 40000;

        @Override
        public Future<Integer> start(TaskLaunch launch) {
            log.add("start " + launch.instanceId());
            return failingInstances.contains(launch.instanceId())
                    ? Future.failedFuture(new IllegalStateException("image not found"))
                    : Future.succeededFuture(port++);
        }

        @Override
        public Future<Void> stop(TaskLaunch launch) {
            log.add("stop " + launch.instanceId());
            return Future.succeededFuture();
        }
    };

    private final TargetRegistry targets = new TargetRegistry() {
        @Override
        public boolean exists(String targetGroupArn) {
            return TG.equals(targetGroupArn);
        }

        @Override
        public void register(String targetGroupArn, String instanceId, int port) {
            log.add("register " + instanceId + ":" + port);
        }

        @Override
        public void deregister(String targetGroupArn, String instanceId, int port, Runnable drained) {
            log.add("deregister " + instanceId + ":" + port);
            drains.add(drained);
        }
    };

    private final EcsEngine engine = new EcsEngine(new Arns("eu-west-1", "123456789012"), timers.clock, timers, runtime, targets,
            (key, json) -> events.add(json), START, STOP, 42);

    private final TaskDefinition web = engine.registerTaskDefinition("web", "bridge", null, null, List.of(
            new TaskDefinition.Container("web", 256, 512, null, List.of(new TaskDefinition.PortMapping(8080, 0, "tcp")),
                    Map.of("name", "web", "image", "iiif"))), List.of("EC2"));

    private EcsTask runOne(String cluster) {
        EcsEngine.RunResult result = engine.runTask(cluster, "web", 1, null, null, List.of());
        assertThat(result.failures()).isEmpty();
        return result.tasks().get(0);
    }

    @Test
    void aTaskIsProvisionedThenPendingThenRunningWithItsHostPort() {
        engine.join("demo", "i-1", 1024, 2048, false);
        EcsTask task = runOne("demo");
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.PROVISIONING);
        assertThat(task.instance().remaining()).isEqualTo(new Resources(768, 1536));

        timers.advance(Duration.ofSeconds(2));
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.PENDING);
        assertThat(log).isEmpty();

        timers.advance(Duration.ofSeconds(2));
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(task.hostPort()).isEqualTo(40000);
        assertThat(log).containsExactly("start i-1");
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"lastStatus\":\"RUNNING\"").contains("\"hostPort\":40000"));
    }

    @Test
    void aContainerThatFailsToStartStopsTheTaskAndFreesItsResources() {
        engine.join("demo", "i-bad", 1024, 2048, false);
        failingInstances.add("i-bad");
        EcsTask task = runOne("demo");
        timers.advance(START);
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(task.stoppedReason()).isEqualTo("CannotStartContainerError: image not found");
        assertThat(task.instance().remaining()).isEqualTo(new Resources(1024, 2048));
    }

    @Test
    void aTaskStoppedBeforeItRunsNeverStarts() {
        engine.join("demo", "i-1", 1024, 2048, false);
        EcsTask task = runOne("demo");
        timers.advance(Duration.ofSeconds(1));
        engine.stopTask("demo", task.arn(), "changed my mind");
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPED);
        timers.advance(Duration.ofSeconds(10));
        assertThat(log).isEmpty();
    }

    @Test
    void aRunningTaskStopsAfterTheStopTimeout() {
        engine.join("demo", "i-1", 1024, 2048, false);
        EcsTask task = runOne("demo");
        timers.advance(START);
        engine.stopTask("demo", task.arn(), null);
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPING);
        assertThat(task.desiredStatus()).isEqualTo(TaskStatus.STOPPED);
        timers.advance(STOP.minusMillis(1));
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPING);
        timers.advance(Duration.ofMillis(1));
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(log).containsExactly("start i-1", "stop i-1");
    }

    @Test
    void aServiceTaskIsRegisteredWhenRunningAndDrainedBeforeItsContainerStops() {
        engine.join("demo", "i-1", 1024, 2048, false);
        EcsService service = engine.createService("demo", "web", "web", 1,
                List.of(new EcsService.LoadBalancer(TG, "web", 8080)), List.of());
        timers.runDue();
        timers.advance(START);
        assertThat(log).containsExactly("start i-1", "register i-1:40000");

        engine.updateService("demo", "web", 0, null);
        timers.runDue();
        assertThat(log).endsWith("deregister i-1:40000");
        timers.advance(Duration.ofMinutes(1));
        assertThat(log).doesNotContain("stop i-1"); // still draining

        drains.forEach(Runnable::run);
        timers.runDue();
        assertThat(log).endsWith("stop i-1");
        timers.advance(STOP);
        assertThat(engine.cluster("demo").activeTasksOf(service).count()).isZero();
        assertThat(service.events()).extracting(EcsService.Event::message)
                .anySatisfy(m -> assertThat(m).contains("registered 1 targets"))
                .anySatisfy(m -> assertThat(m).contains("has begun draining connections on 1 tasks"));
    }

    @Test
    void aServiceWithAMissingTargetGroupIsRefused() {
        engine.createCluster("demo");
        assertThatThrownBy(() -> engine.createService("demo", "web", "web", 1,
                List.of(new EcsService.LoadBalancer(TG + "x", "web", 8080)), List.of()))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void scaleInStopsPendingTasksFirstThenThoseOnTheEmptiestInstance() {
        engine.join("demo", "i-busy", 4096, 8192, false);
        engine.join("demo", "i-light", 4096, 8192, false);
        EcsCluster cluster = engine.cluster("demo");
        ContainerInstance busy = cluster.instances.values().stream().filter(i -> i.ec2InstanceId.equals("i-busy")).findFirst().orElseThrow();
        ContainerInstance light = cluster.instances.values().stream().filter(i -> i.ec2InstanceId.equals("i-light")).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) {
            engine.launch(cluster, busy, web, "family:web", null, null); // other work on i-busy
        }
        EcsService service = engine.createService("demo", "svc", "web", 2, List.of(), List.of());
        engine.reconcile();
        timers.advance(START);
        assertThat(cluster.activeTasksOf(service).map(t -> t.instance).distinct()).containsExactlyInAnyOrder(busy, light);

        engine.updateService("demo", "svc", 1, null);
        engine.reconcile();
        assertThat(cluster.activeTasksOf(service).map(t -> t.instance)).containsExactly(busy);
    }

    @Test
    void aDrainingInstancesServiceTasksAreStoppedOnceReplacementsRun() {
        engine.join("demo", "i-a", 1024, 2048, false);
        EcsCluster cluster = engine.cluster("demo");
        EcsService service = engine.createService("demo", "svc", "web", 1, List.of(), List.of());
        engine.reconcile();
        timers.advance(START);
        EcsTask old = cluster.activeTasksOf(service).findFirst().orElseThrow();
        engine.join("demo", "i-b", 1024, 2048, false);

        engine.updateInstanceState(cluster, old.instance(), ContainerInstance.Status.DRAINING);
        engine.reconcile();
        assertThat(old.desiredStatus()).isEqualTo(TaskStatus.RUNNING); // keeps serving until its replacement runs
        EcsTask replacement = cluster.activeTasksOf(service).filter(t -> t != old).findFirst().orElseThrow();
        assertThat(replacement.instance().ec2InstanceId()).isEqualTo("i-b");

        timers.advance(START);
        engine.reconcile();
        assertThat(old.desiredStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(cluster.activeTasksOf(service)).containsExactly(replacement);
    }

    @Test
    void anUnplaceableServiceTaskIsAnEventNotAnError() {
        engine.join("demo", "i-tiny", 128, 128, false);
        EcsService service = engine.createService("demo", "svc", "web", 1, List.of(), List.of());
        engine.reconcile();
        engine.reconcile();
        assertThat(service.events()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("was unable to place a task").contains("insufficient memory"));
    }

    @Test
    void anInstanceThatLeavesStopsItsTasksAtOnce() {
        engine.join("demo", "i-gone", 1024, 2048, true);
        EcsTask task = runOne("demo");
        timers.advance(START);
        engine.leave("i-gone");
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(task.stopCode).isEqualTo("SpotInterruption");
        assertThat(engine.cluster("demo").instances).isEmpty();
        assertThat(log).containsExactly("start i-gone", "stop i-gone");
    }

    @Test
    void stoppedTasksAreKeptUpToALimit() {
        engine.join("demo", "i-1", 1_000_000, 1_000_000, false);
        EcsCluster cluster = engine.cluster("demo");
        for (int i = 0; i < EcsCluster.STOPPED_KEPT + 5; i++) {
            engine.stopTask("demo", runOne("demo").arn(), null);
        }
        assertThat(cluster.tasks).hasSize(EcsCluster.STOPPED_KEPT);
    }
}
