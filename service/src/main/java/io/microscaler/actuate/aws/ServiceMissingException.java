package io.microscaler.actuate.aws;

/**
 * The ECS service or its cluster does not exist (or the service is no longer active). Not worth a
 * retry: someone must create the service or fix {@code actuator.aws.cluster}.
 */
public final class ServiceMissingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String service;
    private final boolean clusterMissing;

    public ServiceMissingException(String cluster, String service, String detail, Throwable cause) {
        this(cluster, service, detail, cause, false);
    }

    /** @param clusterMissing the cluster itself was not found ({@code ClusterNotFoundException}) */
    public ServiceMissingException(String cluster, String service, String detail, Throwable cause, boolean clusterMissing) {
        super(clusterMissing
                ? "ECS cluster '" + cluster + "' not found (reading service '" + service + "'): " + detail
                : "ECS service '" + service + "' not found in cluster '" + cluster + "': " + detail, cause);
        this.cluster = cluster;
        this.service = service;
        this.clusterMissing = clusterMissing;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    /** Whether the cluster, not just the service, is missing. */
    public boolean clusterMissing() {
        return clusterMissing;
    }
}
