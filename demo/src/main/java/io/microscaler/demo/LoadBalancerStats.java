package io.microscaler.demo;

import java.util.Map;

/**
 * The demo load balancer's counts since it started.
 *
 * @param requests   requests received
 * @param responses5xx of which answered 5xx (by a target, or by the balancer itself)
 * @param noTarget   of those, 503 because no target was healthy
 * @param badGateway of those, 502 because the target could not be reached or broke off
 * @param timeouts   of those, 504 because the target did not answer in time
 * @param perTarget  requests forwarded per target ({@code host:port})
 * @param outstanding requests forwarded and not answered yet
 */
public record LoadBalancerStats(long requests, long responses5xx, long noTarget, long badGateway, long timeouts,
                                Map<String, Long> perTarget, int outstanding) {
}
