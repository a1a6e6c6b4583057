package io.microscaler.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What shadow mode would have done beside what the service really ran, per service, over a span of
 * hours, from the audit topic alone. Pure: records in, rows out.
 *
 * <p><b>What it sees.</b> Each audit record of shadow mode carries the count it would have set
 * ({@code to}; {@code from} is the count before, so the would-be count is known from the first
 * record on) and, in its inputs, ECS's real {@code running} tasks as read for that decision. The
 * would-be count is therefore a step function known exactly between records; the real count is a
 * sample taken at each decision, carried to the next one.
 *
 * <p><b>What it cannot see.</b> Changes of the real count between two decisions (the audit records
 * state changes, not every second: a busy hour has many records, a quiet one few), so the real
 * task-hours are an estimate, good when decisions are frequent; and ECS's real desired count, which
 * shadow mode's records do not carry (running tasks are what the account paid for, and what served
 * the load). Records without {@code "shadow": true} (act mode) are counted apart and not compared.
 */
public final class ShadowReport {

    /** One audit record, as much of it as the report needs. */
    public record Record(String service, Instant at, int from, int to, boolean shadow, Integer running) {
    }

    /**
     * One service's comparison over the span.
     *
     * @param records         shadow records of the service in the span
     * @param changes         of them, would-be changes of the count
     * @param wouldBeMin      the lowest would-be count
     * @param wouldBeMax      the highest
     * @param wouldBeTaskHours the would-be count integrated over the span, from its first record to the end
     * @param actualMin       the lowest real running count seen at a decision; -1 if none was seen
     * @param actualMax       the highest
     * @param actualTaskHours the real running count, carried from each decision to the next, integrated over the same time
     * @param covered         the part of the span both are integrated over (from the service's first record)
     */
    public record Row(String service, int records, int changes, int wouldBeMin, int wouldBeMax, double wouldBeTaskHours,
                      int actualMin, int actualMax, double actualTaskHours, Duration covered) {

        /** Would-be task-hours as a share of the real ones: 0.8 means 20 % fewer; NaN without real counts. */
        public double ratio() {
            return actualTaskHours > 0 ? wouldBeTaskHours / actualTaskHours : Double.NaN;
        }
    }

    /** The result: rows by service, and how many act-mode records were left out. */
    public record Result(List<Row> rows, int notShadow) {
    }

    private ShadowReport() {
    }

    /** Compares over [{@code from}, {@code to}); records outside are ignored. */
    public static Result of(List<Record> records, Instant from, Instant to) {
        Map<String, List<Record>> byService = new TreeMap<>();
        int notShadow = 0;
        for (Record r : records) {
            if (r.at().isBefore(from) || !r.at().isBefore(to)) {
                continue;
            }
            if (!r.shadow()) {
                notShadow++;
                continue;
            }
            byService.computeIfAbsent(r.service(), s -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        byService.forEach((service, list) -> {
            list.sort(Comparator.comparing(Record::at));
            rows.add(row(service, list, to));
        });
        return new Result(rows, notShadow);
    }

    private static Row row(String service, List<Record> list, Instant end) {
        int changes = 0;
        int wouldMin = Integer.MAX_VALUE;
        int wouldMax = Integer.MIN_VALUE;
        int actualMin = Integer.MAX_VALUE;
        int actualMax = Integer.MIN_VALUE;
        double wouldMs = 0;
        double actualMs = 0;
        Integer actual = null;
        for (int i = 0; i < list.size(); i++) {
            Record r = list.get(i);
            if (r.from() != r.to()) {
                changes++;
            }
            wouldMin = Math.min(wouldMin, Math.min(r.from(), r.to()));
            wouldMax = Math.max(wouldMax, Math.max(r.from(), r.to()));
            if (r.running() != null) {
                actual = r.running();
                actualMin = Math.min(actualMin, actual);
                actualMax = Math.max(actualMax, actual);
            }
            Instant next = i + 1 < list.size() ? list.get(i + 1).at() : end;
            long ms = Duration.between(r.at(), next).toMillis();
            wouldMs += (double) r.to() * ms;
            if (actual != null) {
                actualMs += (double) actual * ms;
            }
        }
        double hour = Duration.ofHours(1).toMillis();
        return new Row(service, list.size(), changes, wouldMin, wouldMax, wouldMs / hour,
                actualMin == Integer.MAX_VALUE ? -1 : actualMin, actualMax == Integer.MIN_VALUE ? -1 : actualMax,
                actualMs / hour, Duration.between(list.get(0).at(), end));
    }

    /** The rows as a plain-text table, with what the figures are. */
    public static String table(Result result, Instant from, Instant to) {
        StringBuilder out = new StringBuilder();
        out.append("shadow report ").append(from).append(" → ").append(to).append('\n');
        String header = String.format(Locale.ROOT, "%-24s %7s %7s %11s %13s %13s %13s %7s%n", "service", "records",
                "changes", "would-be", "would-be t·h", "running", "running t·h", "ratio");
        out.append(header);
        for (Row r : result.rows()) {
            out.append(String.format(Locale.ROOT, "%-24s %7d %7d %11s %13.2f %13s %13.2f %7s%n", r.service(), r.records(),
                    r.changes(), r.wouldBeMin() + "–" + r.wouldBeMax(), r.wouldBeTaskHours(),
                    r.actualMin() < 0 ? "unseen" : r.actualMin() + "–" + r.actualMax(), r.actualTaskHours(),
                    Double.isNaN(r.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio())));
        }
        if (result.rows().isEmpty()) {
            out.append("(no shadow decisions in the span)\n");
        }
        if (result.notShadow() > 0) {
            out.append(result.notShadow()).append(" act-mode record(s) in the span not compared\n");
        }
        out.append("""
                would-be: the counts shadow mode would have set (exact between its records); running: ECS's running
                tasks as read at each decision, carried to the next (changes between decisions are not seen, so
                'running t·h' is an estimate); t·h: task-hours from each service's first record in the span to its
                end; ratio: would-be t·h / running t·h.
                """);
        return out.toString();
    }
}
