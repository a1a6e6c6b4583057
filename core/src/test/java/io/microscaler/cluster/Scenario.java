package io.microscaler.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Planner scenarios written as text, so a table row shows the whole cluster:
 * <pre>
 * wishes:    "iiif p100 min1 want3 1024/1024 fargate; worker p0 min2 want4 1024/1024"
 * instances: "i-1 4096/4096: worker worker; i-2 4096/4096 draining: iiif; fargate: iiif"
 * </pre>
 * A task token is a service name (its size is the wish's) and gets the id {@code <service>-<n>},
 * numbered per service in the order written; a service without a wish has {@link #UNKNOWN_SIZE}. The text forms of the results are
 * {@code "iiif 2/1/0"} (granted / fargate / held back) and {@code "stop worker-1@i-1 displaced"},
 * {@code "start iiif@i-1"}, {@code "start iiif@Fargate"}.
 */
final class Scenario {

    /** Tasks of a service without a wish (the planner leaves them alone) are this size. */
    static final TaskSize UNKNOWN_SIZE = new TaskSize(1024, 1024);

    static List<ServiceWish> wishes(String text) {
        List<ServiceWish> wishes = new ArrayList<>();
        for (String part : text.split(";")) {
            String[] w = part.trim().split("\\s+");
            String[] size = w[4].split("/");
            wishes.add(new ServiceWish(w[0], Integer.parseInt(w[1].substring(1)), Integer.parseInt(w[2].substring(3)),
                    Integer.parseInt(w[3].substring(4)), new TaskSize(Integer.parseInt(size[0]), Integer.parseInt(size[1])),
                    w.length > 5 && w[5].equals("fargate")));
        }
        return wishes;
    }

    static ClusterState cluster(String text, List<ServiceWish> wishes) {
        Map<String, TaskSize> sizes = wishes.stream().collect(Collectors.toMap(ServiceWish::service, ServiceWish::size));
        Map<String, Integer> numbers = new HashMap<>();
        List<InstanceState> instances = new ArrayList<>();
        List<PlacedTask> fargate = new ArrayList<>();
        for (String part : text.split(";")) {
            String[] headAndTasks = part.split(":", -1);
            String[] head = headAndTasks[0].trim().split("\\s+");
            List<PlacedTask> tasks = new ArrayList<>();
            for (String service : headAndTasks[1].trim().split("\\s+")) {
                if (!service.isEmpty()) {
                    int n = numbers.merge(service, 1, Integer::sum);
                    tasks.add(new PlacedTask(service + "-" + n, service, sizes.getOrDefault(service, UNKNOWN_SIZE)));
                }
            }
            if (head[0].equals("fargate")) {
                fargate.addAll(tasks);
                continue;
            }
            String[] registered = head[1].split("/");
            int cpu = Integer.parseInt(registered[0]);
            int memory = Integer.parseInt(registered[1]);
            int usedCpu = tasks.stream().mapToInt(t -> t.size().cpu()).sum();
            int usedMemory = tasks.stream().mapToInt(t -> t.size().memoryMiB()).sum();
            instances.add(new InstanceState(head[0], cpu, memory, cpu - usedCpu, memory - usedMemory, tasks,
                    head.length > 2 && head[2].equals("draining")));
        }
        return new ClusterState(instances, fargate);
    }

    static String grants(Allocation a) {
        return a.grants().stream().map(g -> g.service() + " " + g.granted() + "/" + g.fargate() + "/" + g.heldBack())
                .collect(Collectors.joining(", "));
    }

    static String actions(Allocation a) {
        return a.actions().stream().map(Scenario::action).collect(Collectors.joining(", "));
    }

    static String action(PlannedAction action) {
        if (action instanceof PlannedAction.Stop stop) {
            return "stop " + stop.taskId() + "@" + stop.where() + " " + stop.cause().name().toLowerCase().replace('_', '-');
        }
        return "start " + action.service() + "@" + action.where();
    }

    private Scenario() {
    }
}
