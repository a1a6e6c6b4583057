package io.microscaler.cluster;

/** Where a task runs or is to run: a container instance, or Fargate. */
public record Location(boolean fargate, String instanceId) {

    public static final Location FARGATE = new Location(true, null);

    public Location {
        if (fargate == (instanceId != null)) {
            throw new IllegalArgumentException("a location is Fargate or an instance id, but was " + fargate + ", " + instanceId);
        }
    }

    public static Location ec2(String instanceId) {
        return new Location(false, instanceId);
    }

    @Override
    public String toString() {
        return fargate ? "Fargate" : instanceId;
    }
}
