package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.aws.FailureNotes.Kind;
import io.microscaler.actuate.aws.FailureNotes.Note;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** One log line per change of cause per API, and one when it recovers; repeats are only counted. */
class FailureNotesTest {

    private static final String UPDATE = "ecs:UpdateService";
    private static final String DESCRIBE = "ecs:DescribeServices";

    /** Each event: "fail API CAUSE" or "ok API"; the expected notes, as "KIND API CAUSE [was PREVIOUS] [n]". */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("a first failure is news", List.of("fail U throttled"), List.of("FAILING U throttled")),
                Arguments.of("the same cause again is not", List.of("fail U throttled", "fail U throttled", "fail U throttled"),
                        List.of("FAILING U throttled")),
                Arguments.of("a new cause is news, naming the old",
                        List.of("fail U throttled", "fail U throttled", "fail U io-error"),
                        List.of("FAILING U throttled", "FAILING U io-error was throttled")),
                Arguments.of("recovery says how many failed", List.of("fail U throttled", "fail U throttled", "ok U"),
                        List.of("FAILING U throttled", "RECOVERED U throttled 2")),
                Arguments.of("success without failures is quiet", List.of("ok U", "ok U"), List.of()),
                Arguments.of("after recovery the same cause is news again",
                        List.of("fail U throttled", "ok U", "fail U throttled"),
                        List.of("FAILING U throttled", "RECOVERED U throttled 1", "FAILING U throttled")),
                Arguments.of("each API on its own", List.of("fail U throttled", "fail D throttled", "ok D", "fail U throttled"),
                        List.of("FAILING U throttled", "FAILING D throttled", "RECOVERED D throttled 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void notesOncePerChangeOfCause(String name, List<String> events, List<String> expected) {
        FailureNotes notes = new FailureNotes();
        List<String> seen = new ArrayList<>();
        for (String event : events) {
            String[] e = event.split(" ");
            String api = e[1].equals("U") ? UPDATE : DESCRIBE;
            Optional<Note> note = e[0].equals("fail") ? notes.failed(api, e[2]) : notes.succeeded(api);
            note.ifPresent(n -> seen.add(describe(n)));
        }
        assertThat(seen).isEqualTo(expected);
    }

    private static String describe(Note n) {
        String api = n.api().equals(UPDATE) ? "U" : "D";
        return n.kind() + " " + api + " " + n.cause()
                + (n.kind() == Kind.FAILING ? n.previousCause().map(p -> " was " + p).orElse("") : " " + n.failures());
    }

    @Test
    void theCauseIsTheOutcomeAndTheAwsErrorCodeNotTheMessage() {
        EcsException one = (EcsException) EcsException.builder().statusCode(400).message("Rate exceeded (request 1)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
        EcsException two = (EcsException) EcsException.builder().statusCode(400).message("Rate exceeded (request 2)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
        assertThat(FailureNotes.cause(CallOutcome.THROTTLED, new CompletionException(one)))
                .isEqualTo("throttled ThrottlingException")
                .isEqualTo(FailureNotes.cause(CallOutcome.THROTTLED, two));
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused"));
        assertThat(FailureNotes.cause(CallOutcome.IO_ERROR, refused)).isEqualTo("io-error ConnectException");
    }
}
