package io.microscaler.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.audit.ShadowReport.Record;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison, worked by hand: would-be counts as steps between records, running counts carried from each record. */
class ShadowReportTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void wouldBeAndRunningTaskHoursOverTheSpan() {
        // 08:00 would 2 → 5 (running 2); 08:30 would 5 → 3 (running 4, target tracking caught up); span ends 09:00
        List<Record> records = List.of(
                new Record("iiif", at(0), 2, 5, true, 2),
                new Record("iiif", at(30), 5, 3, true, 4));
        ShadowReport.Result result = ShadowReport.of(records, T0, at(60));

        assertThat(result.rows()).singleElement().satisfies(r -> {
            assertThat(r.records()).isEqualTo(2);
            assertThat(r.changes()).isEqualTo(2);
            assertThat(r.wouldBeMin()).isEqualTo(2);
            assertThat(r.wouldBeMax()).isEqualTo(5);
            assertThat(r.wouldBeTaskHours()).isEqualTo(5 * 0.5 + 3 * 0.5); // 4.0
            assertThat(r.actualMin()).isEqualTo(2);
            assertThat(r.actualMax()).isEqualTo(4);
            assertThat(r.actualTaskHours()).isEqualTo(2 * 0.5 + 4 * 0.5); // 3.0
            assertThat(r.ratio()).isEqualTo(4.0 / 3.0);
            assertThat(r.covered()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void recordsOutsideTheSpanAndActModeRecordsAreLeftOut() {
        List<Record> records = List.of(
                new Record("iiif", at(-10), 1, 2, true, 1),   // before
                new Record("iiif", at(10), 2, 3, true, 2),
                new Record("iiif", at(60), 3, 9, true, 3),    // at the end: excluded
                new Record("web", at(20), 1, 2, false, 1));   // act mode
        ShadowReport.Result result = ShadowReport.of(records, T0, at(60));

        assertThat(result.rows()).extracting(ShadowReport.Row::service).containsExactly("iiif");
        assertThat(result.rows().get(0).wouldBeMax()).isEqualTo(3);
        assertThat(result.rows().get(0).covered()).isEqualTo(Duration.ofMinutes(50));
        assertThat(result.notShadow()).isEqualTo(1);
        String table = ShadowReport.table(result, T0, at(60));
        assertThat(table).contains("iiif").contains("1 act-mode record(s)").contains("changes between decisions are not seen");
    }

    @Test
    void aServiceWithoutRunningCountsHasNoRatio() {
        ShadowReport.Result result = ShadowReport.of(List.of(new Record("q", at(0), 1, 2, true, null)), T0, at(60));

        assertThat(result.rows().get(0).actualMin()).isEqualTo(-1);
        assertThat(result.rows().get(0).ratio()).isNaN();
        assertThat(ShadowReport.table(result, T0, at(60))).contains("unseen");
    }
}
