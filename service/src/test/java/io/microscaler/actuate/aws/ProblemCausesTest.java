package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.Problem;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/** Which failures are a service's misconfiguration, and which cause each is. */
class ProblemCausesTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("DescribeServices failure MISSING",
                        new ServiceMissingException("prod", "web", "DescribeServices failure MISSING", null),
                        ProblemCauses.SERVICE_MISSING, true),
                Arguments.of("ServiceNotFoundException from UpdateService",
                        ServiceNotFoundException.builder().statusCode(400).awsErrorDetails(details("ServiceNotFoundException")).build(),
                        ProblemCauses.SERVICE_MISSING, true),
                Arguments.of("ClusterNotFoundException, wrapped by the target",
                        new ServiceMissingException("prod", "web", "ClusterNotFoundException: Cluster not found.",
                                ClusterNotFoundException.builder().build(), true),
                        ProblemCauses.CLUSTER_MISSING, true),
                Arguments.of("ClusterNotFoundException as such, in a CompletionException",
                        new CompletionException(ClusterNotFoundException.builder().statusCode(400)
                                .awsErrorDetails(details("ClusterNotFoundException")).build()),
                        ProblemCauses.CLUSTER_MISSING, true),
                Arguments.of("UnrecognizedClientException (a wrong region's or unknown keys)",
                        aws(400, "UnrecognizedClientException"), ProblemCauses.ACCESS_REFUSED, false),
                Arguments.of("InvalidSignatureException", aws(400, "InvalidSignatureException"),
                        ProblemCauses.ACCESS_REFUSED, false),
                Arguments.of("AccessDeniedException", aws(400, "AccessDeniedException"), ProblemCauses.ACCESS_REFUSED, false),
                Arguments.of("any 403", aws(403, "Whatever"), ProblemCauses.ACCESS_REFUSED, false),
                Arguments.of("connection refused", SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new ConnectException("Connection refused")).build(), ProblemCauses.ENDPOINT_UNREACHABLE, false),
                Arguments.of("unknown host", SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new UnknownHostException("ecs.nowhere-1.amazonaws.com")).build(),
                        ProblemCauses.ENDPOINT_UNREACHABLE, false),
                Arguments.of("the deadline passed, the last attempt refused",
                        new AwsCallTimeoutException("ecs:DescribeServices: no success within the deadline",
                                SdkClientException.builder().cause(new ConnectException("Connection refused")).build()),
                        ProblemCauses.ENDPOINT_UNREACHABLE, false));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("failures")
    void misconfigurationsAreProblemsWithTheirCause(String name, Throwable failure, String cause, boolean backsOff) {
        Optional<Problem> problem = ProblemCauses.of(failure, "web", "prod");
        assertThat(problem).hasValueSatisfying(p -> {
            assertThat(p.cause()).isEqualTo(cause);
            assertThat(p.backsOff()).isEqualTo(backsOff);
            assertThat(p.message()).contains("'web'");
        });
    }

    static Stream<Arguments> notProblems() {
        return Stream.of(
                Arguments.of("throttling", aws(400, "ThrottlingException")),
                Arguments.of("a server error", aws(500, "ServerException")),
                Arguments.of("a bad parameter", aws(400, "InvalidParameterException")),
                Arguments.of("no credentials at all", SdkClientException.builder().message("Unable to load credentials").build()),
                Arguments.of("a bug", new IllegalStateException("oops")));
    }

    @ParameterizedTest(name = "{0} is no problem of the service")
    @MethodSource("notProblems")
    void otherFailuresAreNot(String name, Throwable failure) {
        assertThat(ProblemCauses.of(failure, "web", "prod")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void messagesSayWhereToLook() {
        assertThat(ProblemCauses.of(new ServiceMissingException("prod", "web", "DescribeServices failure MISSING", null),
                "web", "prod").orElseThrow().message())
                .isEqualTo("ECS service 'web' not found in cluster 'prod': DescribeServices failure MISSING: check the"
                        + " service id (the ECS service name) under services, and actuator.aws.cluster");
        assertThat(ProblemCauses.of(aws(400, "UnrecognizedClientException"), "web", "prod").orElseThrow().message())
                .contains("UnrecognizedClientException").contains("actuator.aws.region");
    }

    @org.junit.jupiter.api.Test
    void aMissingServiceIsAFailedCallAndNotRetried() {
        var missing = new ServiceMissingException("prod", "web", "DescribeServices failure MISSING", null);
        assertThat(RetryClassifier.classify(missing)).isEqualTo(CallOutcome.CLIENT_ERROR);
        assertThat(RetryClassifier.retryable(missing)).isFalse();
    }

    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").serviceName("ECS").build();
    }

    private static AwsServiceException aws(int status, String code) {
        return EcsException.builder().statusCode(status).awsErrorDetails(details(code)).message(code).build();
    }
}
