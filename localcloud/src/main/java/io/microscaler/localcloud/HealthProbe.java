package io.microscaler.localcloud;

import io.vertx.core.Future;

/**
 * How the ELBv2 emulation health-checks a target. {@link #ALWAYS_HEALTHY} answers yes without a
 * connection (for a runtime that runs nothing); the demo probes its image servers over HTTP.
 * Called on the local cloud's context; must not block it.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Completes with whether {@code GET http://host:port/path} answered 200–399 in time. */
    Future<Boolean> check(String host, int port, String path);

    HealthProbe ALWAYS_HEALTHY = (host, port, path) -> Future.succeededFuture(true);
}
