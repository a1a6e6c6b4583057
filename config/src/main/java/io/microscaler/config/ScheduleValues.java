package io.microscaler.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Overlaps;
import io.microscaler.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A service's {@code schedules}: a YAML list in the file, or the same list as JSON text in an
 * environment variable or override ({@code [{"name": "opening-hours", …}]}); {@code none} for none.
 * Each entry's keys are named {@code services.shop.schedules[0].start}. Checked against the service's
 * own bounds rules once the schedule's bounds are applied, that each is ever active, and that no two
 * are ever active at once (the first instant they would be is named).
 */
final class ScheduleValues {

    static final String FIELD = "schedules";
    static final List<String> KEYS = List.of("name", "start", "end", "timeZone", "minTasks", "maxTasks", "tasks");
    static final String EXPECTED = "none, or a list of schedules, each with name, start, end (5-field cron: minute"
            + " hour day-of-month month day-of-week), timeZone and minTasks, maxTasks or tasks, e.g."
            + " [{name: opening-hours, start: '0 8 * * MON-FRI', end: '0 18 * * MON-FRI', timeZone: Europe/London,"
            + " minTasks: 6}]";
    private static final String CRON_EXPECTED = "a 5-field cron expression (minute hour day-of-month month day-of-week),"
            + " e.g. '0 8 * * MON-FRI'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds());
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    /** What the rest of the service's settings say about its bounds, for checking a schedule's. */
    record Bounds(String prefix, int minTasks, int maxTasks, boolean demand) {
    }

    private ScheduleValues() {
    }

    static List<Schedule> read(String key, Setting s, Bounds bounds, Instant now) {
        if (PolicyValues.isNone(s) || s.value().isBlank()) {
            return List.of();
        }
        JsonNode list = parse(key, s);
        if (!list.isArray() || list.isEmpty()) {
            throw Values.fail(key, s, EXPECTED);
        }
        List<Schedule> schedules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = key + "[" + i + "]";
            Schedule schedule = one(at, list.get(i), s.origin(), bounds);
            int earlier = names.indexOf(schedule.name());
            if (earlier >= 0) {
                throw new ConfigException(at + ".name", schedule.name(), "a name no other schedule of the service has, but "
                        + key + "[" + earlier + "] is also '" + schedule.name() + "'", s.origin());
            }
            if (Overlaps.firstActive(schedule, now).isEmpty()) {
                throw new ConfigException(at + ".start", schedule.start().toString(), "a schedule that is active at some"
                        + " time, but from '" + schedule.start() + "' to '" + schedule.end() + "' in " + schedule.zone()
                        + " it never is (no start within " + Schedule.SEARCH_DAYS / 366 + " years that is not also an"
                        + " end)", s.origin());
            }
            for (int j = 0; j < schedules.size(); j++) {
                Optional<Instant> overlap = Overlaps.firstOverlap(schedules.get(j), schedule, now);
                if (overlap.isPresent()) {
                    throw new ConfigException(at, schedule.name(), "schedules never active at the same time, but '"
                            + names.get(j) + "' (" + key + "[" + j + "]) and '" + schedule.name() + "' are both active at "
                            + overlap.get() + " (" + LOCAL.format(ZonedDateTime.ofInstant(overlap.get(), schedule.zone()))
                            + " " + schedule.zone() + ")", s.origin());
                }
            }
            names.add(schedule.name());
            schedules.add(schedule);
        }
        return schedules;
    }

    private static JsonNode parse(String key, Setting s) {
        try {
            return YAML.readTree(s.value());
        } catch (JsonProcessingException e) {
            throw Values.fail(key, s, EXPECTED + " (it cannot be read as a list: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static Schedule one(String at, JsonNode entry, String origin, Bounds bounds) {
        if (!entry.isObject()) {
            throw new ConfigException(at, entry.toString(), "a schedule: a section with the keys " + String.join(", ", KEYS),
                    origin);
        }
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            if (!KEYS.contains(field.getKey())) {
                String suggestion = Spelling.closest(field.getKey(), KEYS);
                throw new ConfigException(at + "." + field.getKey(), text(field.getValue()), "one of the keys of a schedule: "
                        + String.join(", ", KEYS) + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"),
                        origin);
            }
        }
        Setting name = required(at, entry, "name", origin, "a schedule name");
        if (!NAME.matcher(name.value().strip()).matches()) {
            throw Values.fail(at + ".name", name, "a name of 1 to 64 letters, digits, '.', '_' or '-', e.g. opening-hours");
        }
        Cron start = cron(at + ".start", required(at, entry, "start", origin, CRON_EXPECTED));
        Cron end = cron(at + ".end", required(at, entry, "end", origin, CRON_EXPECTED));
        ZoneId zone = zone(at + ".timeZone", required(at, entry, "timeZone", origin,
                "an IANA time zone id, e.g. Europe/London, America/New_York or UTC"));
        Optional<Setting> min = optional(at, entry, "minTasks", origin);
        Optional<Setting> max = optional(at, entry, "maxTasks", origin);
        Optional<Setting> tasks = optional(at, entry, "tasks", origin);
        if (tasks.isPresent() && (min.isPresent() || max.isPresent())) {
            String other = min.isPresent() ? "minTasks" : "maxTasks";
            throw Values.fail(at + "." + other, (min.isPresent() ? min : max).get(),
                    "no " + other + " where tasks is set (tasks pins the count: it is both minTasks and maxTasks)");
        }
        if (tasks.isEmpty() && min.isEmpty() && max.isEmpty()) {
            throw new ConfigException(at, name.value(), "a schedule that sets minTasks, maxTasks or tasks (the count"
                    + " while it is active), at least one", origin);
        }
        OptionalInt minTasks;
        OptionalInt maxTasks;
        if (tasks.isPresent()) {
            int n = Values.integer(at + ".tasks", tasks.get(), 0, Integer.MAX_VALUE, "");
            minTasks = OptionalInt.of(n);
            maxTasks = OptionalInt.of(n);
        } else {
            minTasks = min.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(Values.integer(at + ".minTasks", min.get(), 0, Integer.MAX_VALUE, ""));
            maxTasks = max.isEmpty() ? OptionalInt.empty()
                    : OptionalInt.of(Values.integer(at + ".maxTasks", max.get(), 1, Integer.MAX_VALUE, ""));
        }
        checkBounds(at, tasks, min, max, minTasks, maxTasks, bounds);
        return new Schedule(name.value().strip(), start, end, zone, minTasks, maxTasks);
    }

    /** The service's rules for its own bounds, applied to the bounds while the schedule is active. */
    private static void checkBounds(String at, Optional<Setting> tasks, Optional<Setting> min, Optional<Setting> max,
                                    OptionalInt minTasks, OptionalInt maxTasks, Bounds bounds) {
        int effectiveMin = minTasks.orElse(bounds.minTasks());
        int effectiveMax = maxTasks.orElse(bounds.maxTasks());
        if (tasks.isPresent() && effectiveMax < 1) {
            throw Values.fail(at + ".tasks", tasks.get(), "a whole number >= 1 (0 tasks: set minTasks: 0 for a"
                    + " demand-driven worker, which may then scale to zero)");
        }
        if (effectiveMin > effectiveMax) {
            if (max.isPresent() && min.isEmpty()) {
                throw Values.fail(at + ".maxTasks", max.get(), "a whole number >= " + bounds.prefix() + ".minTasks ("
                        + bounds.minTasks() + ")");
            }
            throw Values.fail(at + ".minTasks", min.get(), "a whole number <= "
                    + (max.isPresent() ? at + ".maxTasks (" + effectiveMax + ")"
                    : bounds.prefix() + ".maxTasks (" + bounds.maxTasks() + ")"));
        }
        if (effectiveMin == 0 && !bounds.demand()) {
            Setting zero = tasks.isPresent() ? tasks.get() : min.get();
            throw ServiceConfigs.scaleToZeroRefused(at + (tasks.isPresent() ? ".tasks" : ".minTasks"), zero,
                    bounds.prefix() + ".demand");
        }
    }

    private static Cron cron(String key, Setting s) {
        try {
            return Cron.parse(s.value());
        } catch (IllegalArgumentException e) {
            throw Values.fail(key, s, CRON_EXPECTED + ", but " + e.getMessage());
        }
    }

    private static ZoneId zone(String key, Setting s) {
        String id = s.value().strip();
        if (!ZONES.contains(id)) {
            String suggestion = Spelling.closest(id, List.copyOf(ZONES));
            throw Values.fail(key, s, "an IANA time zone id, e.g. Europe/London, America/New_York or UTC"
                    + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
        }
        return ZoneId.of(id);
    }

    private static Setting required(String at, JsonNode entry, String field, String origin, String expected) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull() || text(value).isBlank()) {
            throw new ConfigException(at + "." + field, value == null ? "" : text(value), expected, origin);
        }
        return scalar(at + "." + field, value, origin);
    }

    private static Optional<Setting> optional(String at, JsonNode entry, String field, String origin) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(scalar(at + "." + field, value, origin));
    }

    private static Setting scalar(String key, JsonNode value, String origin) {
        if (value.isContainerNode()) {
            throw new ConfigException(key, value.toString(), "a single value, not a " + (value.isArray() ? "list" : "section"),
                    origin);
        }
        return new Setting(value.asText(), origin);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
