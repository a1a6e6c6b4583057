package io.microscaler.actuate.aws;

/**
 * The ECS service or its cluster does not exist (or the service is no longer active). Not worth a
 * retry: someone must create the service or fix {@code actuator.aws.cluster}.
 */
public final class ServiceMissingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String service;

    public ServiceMissingException(String cluster, String service, String detail, Throwable cause) {
        super("ECS service '" + service + "' not found in cluster '" + cluster + "': " + detail, cause);
        this.cluster = cluster;
        this.service = service;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }
}
