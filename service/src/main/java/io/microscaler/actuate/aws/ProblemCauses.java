package io.microscaler.actuate.aws;

import io.microscaler.actuate.Problem;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * Which failed AWS calls are a service's {@link Problem}, i.e. a misconfiguration an operator must
 * fix, and how to say so. Four causes:
 *
 * <ul>
 *   <li>{@code service-missing}: DescribeServices' {@code failures} say MISSING, the service is
 *       INACTIVE, or ECS answers {@code ServiceNotFoundException}/{@code ServiceNotActiveException}
 *       (a misspelled service id, a service in another cluster);</li>
 *   <li>{@code cluster-missing}: {@code ClusterNotFoundException} (a wrong {@code actuator.aws.cluster},
 *       or a wrong region: clusters live in one region);</li>
 *   <li>{@code access-refused}: AWS refuses who is asking ({@code UnrecognizedClientException},
 *       {@code InvalidSignatureException}, {@code AccessDenied…}, HTTP 401/403): credentials that
 *       are wrong, expired, for another partition, or lack a permission;</li>
 *   <li>{@code endpoint-unreachable}: no answer at all (connection refused, unknown host, timeouts):
 *       a wrong {@code actuator.aws.endpoint} or no route to AWS.</li>
 * </ul>
 *
 * The first two back off ({@link Problem#backsOff()}); anything else (throttling, a 5xx, a bad
 * parameter) is not a problem of this kind: the per-API log ({@link FailureNotes}) and the call
 * metrics cover it. Pure.
 */
public final class ProblemCauses {

    public static final String SERVICE_MISSING = "service-missing";
    public static final String CLUSTER_MISSING = "cluster-missing";
    public static final String ACCESS_REFUSED = "access-refused";
    public static final String ENDPOINT_UNREACHABLE = "endpoint-unreachable";

    /** AWS error codes that mean "not you" or "not allowed", across the JSON and query protocols. */
    static final Set<String> ACCESS_CODES = Set.of(
            "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "AuthFailure",
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException",
            "AuthorizationError", "InvalidAccessKeyId", "NotAuthorized");

    private ProblemCauses() {
    }

    /** The problem a failed call of {@code service} in {@code cluster} shows, if it is one. */
    public static Optional<Problem> of(Throwable failure, String service, String cluster) {
        Throwable t = RetryClassifier.unwrap(failure);
        if (t instanceof AwsCallTimeoutException && t.getCause() != null) {
            t = RetryClassifier.unwrap(t.getCause()); // the deadline passed: judge by the last attempt
        }
        if (t instanceof ServiceMissingException missing) {
            return Optional.of(missing.clusterMissing() ? new Problem(CLUSTER_MISSING, missing.getMessage() + CLUSTER_HINT, true)
                    : new Problem(SERVICE_MISSING, missing.getMessage() + ": check the service id (the ECS service"
                            + " name) under services, and actuator.aws.cluster", true));
        }
        if (t instanceof ClusterNotFoundException) {
            return Optional.of(clusterMissing(service, cluster, code(t)));
        }
        if (t instanceof ServiceNotFoundException || t instanceof ServiceNotActiveException) {
            return Optional.of(new Problem(SERVICE_MISSING, "ECS service '" + service + "' not found in cluster '"
                    + cluster + "': " + code(t) + ": check the service id under services, and actuator.aws.cluster", true));
        }
        if (t instanceof AwsServiceException aws && (ACCESS_CODES.contains(errorCode(aws))
                || aws.statusCode() == 401 || aws.statusCode() == 403)) {
            return Optional.of(new Problem(ACCESS_REFUSED, "AWS refused the request for '" + service + "': " + code(t)
                    + ": check actuator.aws.region, the credentials and the task role's permissions", false));
        }
        if (RetryClassifier.classify(t) == CallOutcome.IO_ERROR) {
            return Optional.of(new Problem(ENDPOINT_UNREACHABLE, "no answer from AWS reading '" + service + "': "
                    + rootCause(t) + ": check actuator.aws.endpoint and actuator.aws.region, and the route to AWS", false));
        }
        return Optional.empty();
    }

    /** Failures that are one service's problem, logged per service rather than per API. */
    static boolean missing(Throwable failure) {
        Throwable t = RetryClassifier.unwrap(failure);
        return t instanceof ServiceMissingException || t instanceof ClusterNotFoundException
                || t instanceof ServiceNotFoundException || t instanceof ServiceNotActiveException;
    }

    private static final String CLUSTER_HINT = ": check actuator.aws.cluster and actuator.aws.region";

    private static Problem clusterMissing(String service, String cluster, String detail) {
        return new Problem(CLUSTER_MISSING, "ECS cluster '" + cluster + "' not found (reading service '" + service
                + "'): " + detail + CLUSTER_HINT, true);
    }

    private static String errorCode(AwsServiceException aws) {
        return aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
    }

    /** The AWS error code and message, or the exception's class and message. */
    private static String code(Throwable t) {
        if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode()
                    + (aws.awsErrorDetails().errorMessage() == null ? "" : " (" + aws.awsErrorDetails().errorMessage() + ")");
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
    }
}
