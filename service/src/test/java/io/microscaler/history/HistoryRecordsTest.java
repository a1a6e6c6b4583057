package io.microscaler.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.forecast.ClosedSlot;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistoryRecordsTest {

    @Test
    void aSlotReadsBackAsWritten() {
        ClosedSlot slot = new ClosedSlot(1_796_083_800L, 60, 123.25);
        byte[] value = HistoryRecords.value("iiif-tiles", slot);

        assertThat(new String(value, StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"service\":\"iiif-tiles\",\"start\":1796083800,\"seconds\":60,\"rate\":123.25}");
        assertThat(HistoryRecords.read(value)).isEqualTo(new HistoryRecords.Entry("iiif-tiles", slot));
        assertThat(HistoryRecords.key("iiif-tiles")).isEqualTo("iiif-tiles".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                      | {"v":1,                                                           | not JSON:
            an array                      | [1,2]                                                             | not a JSON object
            another version               | {"v":2,"service":"a","start":60,"seconds":60,"rate":1}            | "v" must be 1, but was 2
            no service                    | {"v":1,"start":60,"seconds":60,"rate":1}                          | "service" must be a non-blank string, but was
            a blank service               | {"v":1,"service":" ","start":60,"seconds":60,"rate":1}            | "service" must be a non-blank string
            a start in text               | {"v":1,"service":"a","start":"60","seconds":60,"rate":1}          | "start" must be a whole number
            a negative start              | {"v":1,"service":"a","start":-60,"seconds":60,"rate":1}           | "start" must be a whole number
            a fractional start            | {"v":1,"service":"a","start":60.5,"seconds":60,"rate":1}          | "start" must be a whole number
            a start beyond a long         | {"v":1,"service":"a","start":99999999999999999999,"seconds":60,"rate":1} | "start" must be a whole number
            no seconds                    | {"v":1,"service":"a","start":60,"seconds":0,"rate":1}             | "seconds" must be a whole number in [1, 86400], but was 0
            more than a day               | {"v":1,"service":"a","start":60,"seconds":86401,"rate":1}         | "seconds" must be a whole number in [1, 86400]
            a negative rate               | {"v":1,"service":"a","start":60,"seconds":60,"rate":-1}           | "rate" must be a finite number >= 0, but was -1
            a rate in text                | {"v":1,"service":"a","start":60,"seconds":60,"rate":"NaN"}        | "rate" must be a finite number >= 0
            an infinite rate              | {"v":1,"service":"a","start":60,"seconds":60,"rate":1e400}        | "rate" must be a finite number >= 0
            """)
    void aRecordThatCannotBeReadSaysWhy(String what, String json, String why) {
        assertThatThrownBy(() -> HistoryRecords.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(why);
    }

    @Test
    void aHugeOrMissingValueIsNotParsed() {
        byte[] huge = ("{\"v\":1,\"service\":\"" + "a".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HistoryRecords.read(huge)).hasMessage("value of 2020 bytes, more than 1024");
        assertThatThrownBy(() -> HistoryRecords.read(null)).hasMessage("no value");
    }
}
