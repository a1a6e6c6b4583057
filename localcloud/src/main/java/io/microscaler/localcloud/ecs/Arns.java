package io.microscaler.localcloud.ecs;

/** ECS resource names in AWS's format, e.g. {@code arn:aws:ecs:eu-west-1:123456789012:task/demo/0f3c…}. */
public record Arns(String region, String accountId) {

    public String cluster(String name) {
        return prefix() + "cluster/" + name;
    }

    public String service(String cluster, String name) {
        return prefix() + "service/" + cluster + "/" + name;
    }

    public String task(String cluster, String id) {
        return prefix() + "task/" + cluster + "/" + id;
    }

    public String container(String cluster, String id) {
        return prefix() + "container/" + cluster + "/" + id;
    }

    public String containerInstance(String cluster, String id) {
        return prefix() + "container-instance/" + cluster + "/" + id;
    }

    public String taskDefinition(String family, int revision) {
        return prefix() + "task-definition/" + family + ":" + revision;
    }

    /** The name or id an ARN ends with ({@code …:service/demo/iiif} → {@code iiif}); a plain name as it is. */
    public static String lastSegment(String nameOrArn) {
        if (!nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        int slash = nameOrArn.lastIndexOf('/');
        return slash < 0 ? nameOrArn.substring(nameOrArn.lastIndexOf(':') + 1) : nameOrArn.substring(slash + 1);
    }

    private String prefix() {
        return "arn:aws:ecs:" + region + ":" + accountId + ":";
    }
}
