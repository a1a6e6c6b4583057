package io.microscaler.localcloud.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryProtocolTest {

    static final QueryProtocol ELB = new QueryProtocol("elbv2", "2015-12-01", "elasticloadbalancing",
            "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", Set.of("DescribeTargetGroups"));

    static AwsRequest request(String contentType, String body, String service) {
        return new AwsRequest(contentType == null ? Map.of() : Map.of("content-type", contentType), Buffer.buffer(body), service);
    }

    @Test
    void servesRequestsSignedForItsServiceOrNamingItsVersion() {
        String form = "application/x-www-form-urlencoded; charset=utf-8";
        assertThat(ELB.serves(request(form, "Action=DescribeTargetGroups&Version=2015-12-01", "elasticloadbalancing"))).isTrue();
        assertThat(ELB.serves(request(form, "Action=DescribeTargetGroups&Version=2015-12-01", ""))).isTrue();
        assertThat(ELB.serves(request(null, "Action=DescribeTargetGroups&Version=2015-12-01", ""))).isTrue();
        assertThat(ELB.serves(request(form, "Action=DescribeAutoScalingGroups&Version=2011-01-01", "autoscaling"))).isFalse();
        assertThat(ELB.serves(request("application/x-amz-json-1.1", "{\"Version\":\"2015-12-01\"}", "ecs"))).isFalse();
    }

    @Test
    void namesOperationsAndRefusesUnknownActions() {
        assertThat(ELB.operation(QueryForm.parse("Action=DescribeTargetGroups"))).isEqualTo("elbv2:DescribeTargetGroups");
        assertThatThrownBy(() -> ELB.operation(QueryForm.parse("Action=DeleteLoadBalancer")))
                .isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidAction");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void answersInTheResponseResultShape() {
        AwsResponse ok = ELB.ok("DescribeTargetGroups", xml -> xml.list("TargetGroups", java.util.List.of()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).isEqualTo("text/xml");
        assertThat(ok.body().toString()).matches(".*<DescribeTargetGroupsResponse xmlns=\"http://elasticloadbalancing"
                + "\\.amazonaws\\.com/doc/2015-12-01/\"><DescribeTargetGroupsResult><TargetGroups></TargetGroups>"
                + "</DescribeTargetGroupsResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId>"
                + "</ResponseMetadata></DescribeTargetGroupsResponse>");
    }

    @Test
    void writesErrorsAsErrorResponse() {
        AwsResponse sender = ELB.error(AwsError.client("TargetGroupNotFound", "no <such> group"), "req-1");
        assertThat(sender.status()).isEqualTo(400);
        assertThat(sender.body().toString()).endsWith("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                + "<Error><Type>Sender</Type><Code>TargetGroupNotFound</Code><Message>no &lt;such&gt; group</Message></Error>"
                + "<RequestId>req-1</RequestId></ErrorResponse>");
        AwsResponse receiver = ELB.error(new AwsError("InternalFailure", "boom", 500, false), "req-2");
        assertThat(receiver.status()).isEqualTo(500);
        assertThat(receiver.body().toString()).contains("<Type>Receiver</Type>");
    }
}
