package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

class RetryClassifierTest {

    private static EcsException ecs(int status, String code) {
        return (EcsException) EcsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "400, ThrottlingException,      THROTTLED",
            "400, Throttling,               THROTTLED",
            "400, RequestLimitExceeded,     THROTTLED",
            "400, TooManyRequestsException, THROTTLED",
            "429, SomethingElse,            THROTTLED",
            "500, InternalFailure,          SERVER_ERROR",
            "503, ServiceUnavailable,       SERVER_ERROR",
            "502, '',                       SERVER_ERROR",
            "400, InvalidParameterException, CLIENT_ERROR",
            "400, ServiceNotFoundException, CLIENT_ERROR",
            "400, LimitExceededException,   CLIENT_ERROR",
            "403, AccessDeniedException,    CLIENT_ERROR",
            "404, NotFound,                 CLIENT_ERROR",
    })
    void classifiesServiceErrorsByStatusAndCode(int status, String code, CallOutcome expected) {
        assertThat(RetryClassifier.classify(ecs(status, code))).isEqualTo(expected);
        assertThat(RetryClassifier.retryable(ecs(status, code))).isEqualTo(expected.retryable());
    }

    @Test
    void modelledEcsExceptionsAreClientErrorsExceptServerException() {
        assertThat(RetryClassifier.classify(ServiceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceNotFoundException").build()).build()))
                .isEqualTo(CallOutcome.CLIENT_ERROR);
        assertThat(RetryClassifier.classify(ClusterNotFoundException.builder().statusCode(400).build()))
                .isEqualTo(CallOutcome.CLIENT_ERROR);
        assertThat(RetryClassifier.classify(InvalidParameterException.builder().statusCode(400).build()))
                .isEqualTo(CallOutcome.CLIENT_ERROR);
        assertThat(RetryClassifier.classify(ServerException.builder().statusCode(500).build()))
                .isEqualTo(CallOutcome.SERVER_ERROR);
    }

    @Test
    void elbThrottlingInTheQueryProtocolIsThrottling() {
        var e = ElasticLoadBalancingV2Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).build();
        assertThat(RetryClassifier.classify(e)).isEqualTo(CallOutcome.THROTTLED);
    }

    @Test
    void connectionProblemsAreTransient() {
        assertThat(RetryClassifier.classify(SdkClientException.create("unable to execute", new ConnectException("refused"))))
                .isEqualTo(CallOutcome.IO_ERROR);
        assertThat(RetryClassifier.classify(SdkClientException.create("closed",
                new IOException("wrapped", new ClosedChannelException())))).isEqualTo(CallOutcome.IO_ERROR);
        assertThat(RetryClassifier.classify(ApiCallAttemptTimeoutException.create(10_000))).isEqualTo(CallOutcome.IO_ERROR);
        assertThat(RetryClassifier.classify(new IOException("reset"))).isEqualTo(CallOutcome.IO_ERROR);
    }

    @Test
    void otherClientSideFailuresAreNotRetried() {
        assertThat(RetryClassifier.classify(SdkClientException.create("Unable to load credentials from any provider")))
                .isEqualTo(CallOutcome.OTHER_ERROR);
        assertThat(RetryClassifier.classify(new NullPointerException())).isEqualTo(CallOutcome.OTHER_ERROR);
        assertThat(RetryClassifier.classify(new IllegalStateException("x"))).isEqualTo(CallOutcome.OTHER_ERROR);
    }

    @Test
    void looksThroughCompletionExceptions() {
        assertThat(RetryClassifier.classify(new CompletionException(ecs(400, "ThrottlingException"))))
                .isEqualTo(CallOutcome.THROTTLED);
        assertThat(RetryClassifier.classify(new CompletionException(ecs(400, "InvalidParameterException"))))
                .isEqualTo(CallOutcome.CLIENT_ERROR);
    }
}
