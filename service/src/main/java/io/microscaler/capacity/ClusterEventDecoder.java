package io.microscaler.capacity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.ingest.RejectReason;
import io.microscaler.ingest.StrictUtf8;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Decodes the cluster topic's EventBridge JSON. Cluster events are few (state changes, not
 * requests), so a tree parse is fine here, unlike the request path.
 *
 * <p>Three outcomes: an event the planner acts on; a well-formed EventBridge event of another
 * {@code detail-type} (a rule may deliver more than we need), which is skipped and counted; or a
 * record that is not a valid event of a type we know, which goes to the dead-letter topic.
 */
public final class ClusterEventDecoder {

    static final String SPOT_WARNING = "EC2 Spot Instance Interruption Warning";
    static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
    static final String TASK_CHANGE = "ECS Task State Change";
    static final String INSTANCE_CHANGE = "ECS Container Instance State Change";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record's fate. */
    public sealed interface Result {
        record Accepted(ClusterEvent event) implements Result { }
        record Skipped(String detailType) implements Result { }
        record Rejected(RejectReason reason, String detail) implements Result { }
    }

    public Result decode(byte[] value) {
        if (value == null || value.length == 0) {
            return new Result.Rejected(RejectReason.EMPTY, "the record has no value");
        }
        String notUtf8 = StrictUtf8.problem(value); // Jackson would read an overlong 'i' as 'i'
        if (notUtf8 != null) {
            return new Result.Rejected(RejectReason.NOT_JSON, notUtf8);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            boolean truncated = e.getMessage() != null && e.getMessage().contains("end-of-input");
            return new Result.Rejected(truncated ? RejectReason.TRUNCATED_JSON : RejectReason.NOT_JSON,
                    "not an EventBridge JSON event: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Result.Rejected(RejectReason.NOT_JSON, "not an EventBridge JSON event: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new Result.Rejected(RejectReason.NOT_JSON, "expected a JSON object (an EventBridge event)");
        }
        try {
            String detailType = text(root, "detail-type");
            Instant time = instant(root, "time");
            JsonNode detail = root.get("detail");
            if (detail == null || !detail.isObject()) {
                throw new Invalid(RejectReason.MISSING_FIELD, "'detail' is missing or not an object");
            }
            return switch (detailType) {
                case SPOT_WARNING -> accept(new ClusterEvent.SpotInterruption(time,
                        text(detail, "instance-id"), optionalText(detail, "instance-action").orElse("terminate")));
                case REBALANCE -> accept(new ClusterEvent.RebalanceRecommendation(time, text(detail, "instance-id")));
                case TASK_CHANGE -> accept(new ClusterEvent.TaskStateChange(time, optionalText(detail, "clusterArn").orElse(""),
                        text(detail, "taskArn"), optionalText(detail, "group").orElse(""), text(detail, "lastStatus"),
                        optionalText(detail, "desiredStatus").orElse(""), optionalText(detail, "containerInstanceArn"),
                        optionalText(detail, "launchType").orElse("EC2"), optionalText(detail, "stoppedReason")));
                case INSTANCE_CHANGE -> accept(new ClusterEvent.InstanceStateChange(time,
                        optionalText(detail, "clusterArn").orElse(""), text(detail, "containerInstanceArn"),
                        optionalText(detail, "ec2InstanceId").orElse(""), text(detail, "status"),
                        remaining(detail, "CPU"), remaining(detail, "MEMORY")));
                default -> new Result.Skipped(detailType);
            };
        } catch (Invalid e) {
            return new Result.Rejected(e.reason, e.getMessage());
        }
    }

    private static Result accept(ClusterEvent event) {
        return new Result.Accepted(event);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid(RejectReason.MISSING_FIELD, "'" + field + "' is missing");
        }
        if (!value.isTextual()) {
            throw new Invalid(RejectReason.WRONG_TYPE, "'" + field + "' must be a string, but was " + value.getNodeType());
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(node, field));
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(RejectReason.INVALID_VALUE, "'" + field + "' must be an ISO-8601 time, but was '" + value + "'");
        }
    }

    /** {@code remainingResources[name=CPU|MEMORY].integerValue}; -1 when the event does not say. */
    private static int remaining(JsonNode detail, String name) {
        JsonNode resources = detail.get("remainingResources");
        if (resources == null || !resources.isArray()) {
            return -1;
        }
        for (JsonNode r : resources) {
            if (name.equals(r.path("name").asText()) && r.path("integerValue").isIntegralNumber()) {
                return r.path("integerValue").asInt();
            }
        }
        return -1;
    }

    /** A field that makes the event invalid; carries the dead-letter reason. */
    private static final class Invalid extends RuntimeException {
        private final RejectReason reason;

        Invalid(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
