package io.microscaler.localcloud.ecs;

import java.time.Instant;

/** An EC2 instance registered with a cluster; {@link #used} is what its placed, not yet stopped tasks reserve. */
public final class ContainerInstance {

    public enum Status { ACTIVE, DRAINING, INACTIVE }

    final String arn;
    final String id;
    final String clusterName;
    final String ec2InstanceId;
    final Resources registered;
    final boolean spot;
    final String availabilityZone;
    final Instant registeredAt;
    Status status = Status.ACTIVE;
    Resources used = Resources.NONE;
    long version = 1;

    ContainerInstance(String arn, String id, String clusterName, String ec2InstanceId, Resources registered,
            boolean spot, String availabilityZone, Instant registeredAt) {
        this.arn = arn;
        this.id = id;
        this.clusterName = clusterName;
        this.ec2InstanceId = ec2InstanceId;
        this.registered = registered;
        this.spot = spot;
        this.availabilityZone = availabilityZone;
        this.registeredAt = registeredAt;
    }

    public Resources remaining() {
        return registered.minus(used);
    }

    public String arn() {
        return arn;
    }

    public String ec2InstanceId() {
        return ec2InstanceId;
    }

    public Status status() {
        return status;
    }
}
