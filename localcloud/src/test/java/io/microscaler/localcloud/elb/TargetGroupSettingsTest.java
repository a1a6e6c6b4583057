package io.microscaler.localcloud.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.query.QueryForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetGroupSettingsTest {

    static final String BASE = "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1";

    @Test
    void fillsInAwsDefaultsForHttp() {
        TargetGroupSettings s = TargetGroupSettings.from(QueryForm.parse(BASE));
        assertThat(s.healthCheckProtocol()).isEqualTo("HTTP");
        assertThat(s.healthCheckPort()).isEqualTo("traffic-port");
        assertThat(s.healthCheckEnabled()).isTrue();
        assertThat(s.healthCheckPath()).isEqualTo("/");
        assertThat(s.healthCheckIntervalSeconds()).isEqualTo(30);
        assertThat(s.healthCheckTimeoutSeconds()).isEqualTo(5);
        assertThat(s.healthyThresholdCount()).isEqualTo(5);
        assertThat(s.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(s.matcherHttpCode()).isEqualTo("200");
        assertThat(s.targetType()).isEqualTo("instance");
    }

    @Test
    void equalRequestsGiveEqualSettings() {
        assertThat(TargetGroupSettings.from(QueryForm.parse(BASE + "&HealthyThresholdCount=5")))
                .isEqualTo(TargetGroupSettings.from(QueryForm.parse(BASE)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Protocol=HTTP&Port=8080&VpcId=vpc-1|name",
            "Name=-web&Protocol=HTTP&Port=8080&VpcId=vpc-1|hyphen",
            "Name=web_1&Protocol=HTTP&Port=8080&VpcId=vpc-1|alphanumeric",
            "Name=abcdefghijabcdefghijabcdefghijabc&Protocol=HTTP&Port=8080&VpcId=vpc-1|32",
            "Name=web&Port=8080&VpcId=vpc-1|protocol",
            "Name=web&Protocol=FTP&Port=8080&VpcId=vpc-1|enum",
            "Name=web&Protocol=HTTP&Port=0&VpcId=vpc-1|port",
            "Name=web&Protocol=HTTP&Port=8080|vpcId",
            "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1&TargetType=lambda|'ip'",
            "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1&HealthCheckIntervalSeconds=4|healthCheckIntervalSeconds",
            "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1&UnhealthyThresholdCount=1|unhealthyThresholdCount",
            "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1&HealthCheckPath=health|'/'",
            "Name=web&Protocol=HTTP&Port=8080&VpcId=vpc-1&HealthCheckPort=abc|traffic-port"})
    void refusesWhatAwsRefuses(String body, String mentioned) {
        assertThatThrownBy(() -> TargetGroupSettings.from(QueryForm.parse(body)))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ValidationError"))
                .hasMessageContaining(mentioned);
    }
}
