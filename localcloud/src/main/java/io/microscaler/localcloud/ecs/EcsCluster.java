package io.microscaler.localcloud.ecs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A cluster's container instances, tasks (the last {@link #STOPPED_KEPT} stopped ones too) and services, in creation order. */
public final class EcsCluster {

    /** AWS keeps stopped tasks describable for at least an hour; the emulation keeps the newest this many. */
    static final int STOPPED_KEPT = 1000;

    final String name;
    final String arn;
    final Map<String, ContainerInstance> instances = new LinkedHashMap<>();
    final Map<String, EcsTask> tasks = new LinkedHashMap<>();
    final Map<String, EcsService> services = new LinkedHashMap<>();
    private final List<String> stoppedOrder = new ArrayList<>();

    EcsCluster(String name, String arn) {
        this.name = name;
        this.arn = arn;
    }

    Stream<EcsTask> tasksOn(ContainerInstance instance) {
        return tasks.values().stream().filter(t -> t.instance == instance && t.lastStatus != TaskStatus.STOPPED);
    }

    Stream<EcsTask> activeTasksOf(EcsService service) {
        return tasks.values().stream().filter(t -> t.service == service && t.active());
    }

    /** Remembers a task that has stopped; forgets the oldest stopped ones beyond {@link #STOPPED_KEPT}. */
    void stopped(EcsTask task) {
        stoppedOrder.add(task.id);
        if (stoppedOrder.size() > STOPPED_KEPT) {
            Iterator<String> oldest = stoppedOrder.iterator();
            tasks.remove(oldest.next());
            oldest.remove();
        }
    }

    long count(TaskStatus status) {
        return tasks.values().stream().filter(t -> t.lastStatus == status).count();
    }

    long pendingCount() {
        return tasks.values().stream().filter(t -> t.lastStatus.pending()).count();
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }
}
