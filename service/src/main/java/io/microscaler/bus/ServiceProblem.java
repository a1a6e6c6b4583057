package io.microscaler.bus;

import java.time.Instant;

/**
 * What the actuator found misconfigured for one service (see {@code actuate.Problem}).
 *
 * @param cause   {@code service-missing}, {@code cluster-missing}, {@code access-refused} or {@code endpoint-unreachable}
 * @param message what was asked, what came back, and where to look
 * @param since   when the actuator first saw this cause
 */
public record ServiceProblem(String service, String cause, String message, Instant since) {
}
