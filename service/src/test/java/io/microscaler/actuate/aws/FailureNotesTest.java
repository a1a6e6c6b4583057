package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.aws.FailureNotes.Kind;
import io.microscaler.actuate.aws.FailureNotes.Note;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * One log line per change of cause per API, and one when it has recovered (a success after a quiet
 * minute); repeats, and successes between intermittent failures, are only counted.
 */
class FailureNotesTest {

    private static final String UPDATE = "ecs:UpdateService";
    private static final String DESCRIBE = "ecs:DescribeServices";

    /**
     * Each event: "SECONDS fail API CAUSE" or "SECONDS ok API" (quiet period 60 s); the expected
     * notes, as "KIND API CAUSE [was PREVIOUS] [failures]".
     */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("a first failure is news", List.of("0 fail U throttled"), List.of("FAILING U throttled")),
                Arguments.of("the same cause again is not",
                        List.of("0 fail U throttled", "1 fail U throttled", "2 fail U throttled"),
                        List.of("FAILING U throttled")),
                Arguments.of("a new cause is news, naming the old",
                        List.of("0 fail U throttled", "1 fail U throttled", "2 fail U io-error"),
                        List.of("FAILING U throttled", "FAILING U io-error was throttled")),
                Arguments.of("a cause seen already in the spell is not news again",
                        List.of("0 fail U throttled", "1 fail U server-error", "2 fail U throttled", "3 fail U server-error"),
                        List.of("FAILING U throttled", "FAILING U server-error was throttled")),
                Arguments.of("successes between intermittent failures are not a recovery",
                        List.of("0 fail U throttled", "0 ok U", "5 fail U throttled", "5 ok U", "30 fail U throttled", "31 ok U"),
                        List.of("FAILING U throttled")),
                Arguments.of("a success after a quiet minute is, with how many failed",
                        List.of("0 fail U throttled", "0 ok U", "5 fail U throttled", "5 ok U", "65 ok U"),
                        List.of("FAILING U throttled", "RECOVERED U throttled 2")),
                Arguments.of("a quiet minute without a success is no recovery yet",
                        List.of("0 fail U throttled", "100 fail U throttled"), List.of("FAILING U throttled")),
                Arguments.of("success without failures is quiet", List.of("0 ok U", "1 ok U"), List.of()),
                Arguments.of("after recovery the same cause is news again",
                        List.of("0 fail U throttled", "60 ok U", "61 fail U throttled"),
                        List.of("FAILING U throttled", "RECOVERED U throttled 1", "FAILING U throttled")),
                Arguments.of("each API on its own",
                        List.of("0 fail U throttled", "0 fail D throttled", "70 ok D", "70 fail U throttled"),
                        List.of("FAILING U throttled", "FAILING D throttled", "RECOVERED D throttled 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void notesOncePerChangeOfCause(String name, List<String> events, List<String> expected) {
        FailureNotes notes = new FailureNotes(Duration.ofSeconds(60));
        List<String> seen = new ArrayList<>();
        for (String event : events) {
            String[] e = event.split(" ");
            long now = TimeUnit.SECONDS.toNanos(Long.parseLong(e[0]));
            String api = e[2].equals("U") ? UPDATE : DESCRIBE;
            Optional<Note> note = e[1].equals("fail") ? notes.failed(api, e[3], now) : notes.succeeded(api, now);
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
