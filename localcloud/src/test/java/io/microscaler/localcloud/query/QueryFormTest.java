package io.microscaler.localcloud.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.AwsError;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryFormTest {

    @Test
    void readsActionVersionAndDecodedValues() {
        QueryForm form = QueryForm.parse(Buffer.buffer(
                "Action=CreateTargetGroup&Version=2015-12-01&Name=a%20b%2Bc&HealthCheckPath=%2Fhealth%3Fx%3D1&Empty="));
        assertThat(form.action()).isEqualTo("CreateTargetGroup");
        assertThat(form.version()).isEqualTo("2015-12-01");
        assertThat(form.require("Name")).isEqualTo("a b+c");
        assertThat(form.get("HealthCheckPath")).contains("/health?x=1");
        assertThat(form.get("Empty")).contains("");
        assertThat(form.get("Missing")).isEmpty();
    }

    @Test
    void emptyBodyIsAnEmptyForm() {
        assertThat(QueryForm.parse(Buffer.buffer()).asMap()).isEmpty();
        assertThat(QueryForm.parse((Buffer) null).action()).isEmpty();
    }

    @Test
    void readsMemberListsInIndexOrderUpToTheFirstGap() {
        QueryForm form = QueryForm.parse("Names.member.2=b&Names.member.1=a&Names.member.4=d");
        assertThat(form.list("Names")).containsExactly("a", "b");
        assertThat(form.list("TargetGroupArns")).isEmpty();
    }

    @Test
    void readsListsOfStructures() {
        QueryForm form = QueryForm.parse("TargetGroupArn=arn&Targets.member.1.Id=i-1&Targets.member.1.Port=80"
                + "&Targets.member.2.Id=i-2&Targets.member.10.Id=i-10");
        List<QueryForm> targets = form.structures("Targets");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).require("Id")).isEqualTo("i-1");
        assertThat(targets.get(0).intValue("Port", 0)).isEqualTo(80);
        assertThat(targets.get(1).require("Id")).isEqualTo("i-2");
        assertThat(targets.get(1).intValue("Port", 7)).isEqualTo(7);
    }

    @Test
    void aMissingRequiredMemberIsAValidationError() {
        assertThatThrownBy(() -> QueryForm.parse("Action=X").require("TargetGroupArn"))
                .isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.code()).isEqualTo("ValidationError");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.senderFault()).isTrue();
                })
                .hasMessageContaining("'targetGroupArn'");
    }

    @ParameterizedTest
    @CsvSource({"Port=x, Port", "Port=1.5, Port", "Flag=yes, Flag"})
    void badNumbersAndFlagsAreValidationErrors(String body, String name) {
        QueryForm form = QueryForm.parse(body);
        assertThatThrownBy(() -> {
            if (name.equals("Flag")) {
                form.booleanValue(name, false);
            } else {
                form.intValue(name, 0);
            }
        }).isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ValidationError"));
    }

    @Test
    void flagsAndNumbersHaveDefaults() {
        QueryForm form = QueryForm.parse("A=TRUE&N=42");
        assertThat(form.booleanValue("A", false)).isTrue();
        assertThat(form.booleanValue("B", true)).isTrue();
        assertThat(form.intValue("N", 0)).isEqualTo(42);
        assertThat(form.requireInt("N")).isEqualTo(42);
        assertThat(form.intValue("M", -1)).isEqualTo(-1);
    }

    @Test
    void aMalformedEscapeIsAnAwsError() {
        assertThatThrownBy(() -> QueryForm.parse("Name=%zz"))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("MalformedQueryString"));
    }
}
