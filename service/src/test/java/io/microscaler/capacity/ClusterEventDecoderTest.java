package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.capacity.ClusterEventDecoder.Result;
import java.nio.charset.StandardCharsets;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.ingest.RejectReason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterEventDecoderTest {

    private final ClusterEventDecoder decoder = new ClusterEventDecoder();

    /** The example from the EC2 user guide, "Spot Instance interruption notices". */
    @Test
    void decodesTheSpotInterruptionWarningAwsDocuments() {
        Result result = decode("""
                {"version":"0","id":"12345678-1234-1234-1234-123456789012",
                 "detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
                 "account":"123456789012","time":"2021-02-03T14:05:01Z","region":"us-east-2",
                 "resources":["arn:aws:ec2:us-east-2:123456789012:instance/i-1234567890abcdef0"],
                 "detail":{"instance-id":"i-1234567890abcdef0","instance-action":"terminate"}}""");

        assertThat(result).isEqualTo(new Result.Accepted(new ClusterEvent.SpotInterruption(
                Instant.parse("2021-02-03T14:05:01Z"), "i-1234567890abcdef0", "terminate")));
    }

    @Test
    void decodesATaskStateChange() {
        Result result = decode("""
                {"detail-type":"ECS Task State Change","time":"2026-11-23T10:00:00Z",
                 "detail":{"clusterArn":"arn:aws:ecs:eu-west-1:1:cluster/c","taskArn":"arn:aws:ecs:eu-west-1:1:task/c/abc",
                           "group":"service:iiif","lastStatus":"STOPPED","desiredStatus":"STOPPED","launchType":"FARGATE",
                           "stoppedReason":"Scaling activity initiated by microscaler"}}""");

        assertThat(result).isEqualTo(new Result.Accepted(new ClusterEvent.TaskStateChange(
                Instant.parse("2026-11-23T10:00:00Z"), "arn:aws:ecs:eu-west-1:1:cluster/c", "arn:aws:ecs:eu-west-1:1:task/c/abc",
                "service:iiif", "STOPPED", "STOPPED", Optional.empty(), "FARGATE",
                Optional.of("Scaling activity initiated by microscaler"))));
    }

    @Test
    void decodesAnInstanceStateChangeWithItsRemainingResources() {
        Result result = decode("""
                {"detail-type":"ECS Container Instance State Change","time":"2026-11-23T10:00:00Z",
                 "detail":{"containerInstanceArn":"arn:ci/1","ec2InstanceId":"i-1","status":"DRAINING",
                           "remainingResources":[{"name":"CPU","type":"INTEGER","integerValue":3072},
                                                 {"name":"MEMORY","type":"INTEGER","integerValue":6656},
                                                 {"name":"PORTS","type":"STRINGSET","stringSetValue":["22"]}]}}""");

        assertThat(result).isInstanceOfSatisfying(Result.Accepted.class, a ->
                assertThat(a.event()).isEqualTo(new ClusterEvent.InstanceStateChange(Instant.parse("2026-11-23T10:00:00Z"),
                        "", "arn:ci/1", "i-1", "DRAINING", 3072, 6656)));
    }

    @Test
    void readsARebalanceRecommendation() {
        // the shape EC2 sends to EventBridge (docs: "EC2 instance rebalance recommendations")
        assertThat(decode("""
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance Rebalance Recommendation",
                 "source":"aws.ec2","account":"123456789012","time":"2026-11-23T10:00:00Z","region":"eu-west-1",
                 "resources":["arn:aws:ec2:eu-west-1b:instance/i-1"],"detail":{"instance-id":"i-1"}}"""))
                .isEqualTo(new Result.Accepted(new ClusterEvent.RebalanceRecommendation(Instant.parse("2026-11-23T10:00:00Z"), "i-1")));
        assertThat(decoder.decode("""
                {"detail-type":"EC2 Instance Rebalance Recommendation","time":"2026-11-23T10:00:00Z","detail":{}}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Result.Rejected.class, r -> assertThat(r.detail()).isEqualTo("'instance-id' is missing"));
    }

    @Test
    void skipsWellFormedEventsOfOtherTypes() {
        assertThat(decode("""
                {"detail-type":"EC2 Instance State-change Notification","time":"2026-11-23T10:00:00Z",
                 "detail":{"instance-id":"i-1","state":"running"}}"""))
                .isEqualTo(new Result.Skipped("EC2 Instance State-change Notification"));
    }

    @Test
    void refusesWhatIsNotAValidEventOfAKnownType() {
        assertThat(decoder.decode(new byte[0])).isInstanceOfSatisfying(Result.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.EMPTY));
        assertThat(decode("not json")).isInstanceOfSatisfying(Result.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.NOT_JSON));
        assertThat(decode("{\"detail-type\":\"ECS Task State Change\"")).isInstanceOfSatisfying(Result.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.TRUNCATED_JSON));
        assertThat(decode("[1]")).isInstanceOfSatisfying(Result.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.NOT_JSON));
        // "i-1\xC1\xA9" would be read as the instance i-1i: strict UTF-8, as for request events
        byte[] overlong = ("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-11-23T10:00:00Z\","
                + "\"detail\":{\"instance-id\":\"i-1??\",\"instance-action\":\"terminate\"}}").getBytes(StandardCharsets.UTF_8);
        int at = new String(overlong, StandardCharsets.UTF_8).indexOf("??");
        overlong[at] = (byte) 0xC1;
        overlong[at + 1] = (byte) 0xA9;
        assertThat(decoder.decode(overlong)).isInstanceOfSatisfying(Result.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.NOT_JSON);
            assertThat(r.detail()).contains("overlong encoding of U+0069 ('i')");
        });
        assertThat(decode("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-11-23T10:00:00Z\"}"))
                .isInstanceOfSatisfying(Result.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
                    assertThat(r.detail()).contains("'detail'");
                });
        assertThat(decode("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"yesterday\",\"detail\":{}}"))
                .isInstanceOfSatisfying(Result.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_VALUE);
                    assertThat(r.detail()).contains("yesterday");
                });
        assertThat(decode("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"time\":\"2026-11-23T10:00:00Z\","
                + "\"detail\":{\"instance-id\":7}}"))
                .isInstanceOfSatisfying(Result.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectReason.WRONG_TYPE);
                    assertThat(r.detail()).contains("instance-id");
                });
    }

    private Result decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
