package io.microscaler.actuate;

import java.util.Objects;

/**
 * Why a service cannot be read or scaled, as an operator would fix it: the service is missing in
 * the cluster, the cluster is missing, AWS refuses the requests, or the endpoint does not answer.
 *
 * @param cause    a short fixed id ({@code service-missing}, {@code cluster-missing},
 *                 {@code access-refused}, {@code endpoint-unreachable}): what a change is judged by
 * @param message  for people: what was asked, what came back, and where to look
 * @param backsOff whether reads of the service back off while this lasts (a service or cluster
 *                 that does not exist: asking again every reconcile only spends the API's tokens)
 */
public record Problem(String cause, String message, boolean backsOff) {

    public Problem {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
    }
}
