package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.microscaler.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code schedules}: read from YAML or JSON text, inherited, and refused with the key, the value and why. */
class ConfigSchedulesTest {

    /** Loaded on Sunday 2026-12-06 at midnight UTC: the checks look ahead from here. */
    private static final Clock SUNDAY = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);
    private static final String OPENING_HOURS = "{name: opening-hours, start: '0 8 * * MON-FRI', end: '0 18 * * MON-FRI',"
            + " timeZone: Europe/London, minTasks: 6}";

    @TempDir
    Path dir;

    private MicroscalerConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env, Map.of(), Map.of(), SUNDAY);
    }

    @Test
    void aListInTheFileGivesEachServiceItsSchedules() throws IOException {
        MicroscalerConfig config = load("""
                services:
                  shop:
                    maxTasks: 20
                    schedules:
                      - name: opening-hours
                        start: "0 8 * * MON-FRI"
                        end: "0 18 * * MON-FRI"
                        timeZone: Europe/London
                        minTasks: 6
                        maxTasks: 40
                      - name: launch
                        start: "0 9 13 3 *"
                        end: "0 21 13 3 *"
                        timeZone: America/New_York
                        tasks: 12
                  api:
                """, Map.of());

        List<Schedule> shop = config.services().get("shop").policy().schedules();
        assertThat(shop).extracting(Schedule::name).containsExactly("opening-hours", "launch");
        assertThat(shop.get(0).zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(shop.get(0).start().toString()).isEqualTo("0 8 * * MON-FRI");
        assertThat(shop.get(0).minTasks()).isEqualTo(OptionalInt.of(6));
        assertThat(shop.get(0).maxTasks()).isEqualTo(OptionalInt.of(40));
        assertThat(shop.get(1).pins()).isTrue();
        assertThat(shop.get(1).maxTasks()).isEqualTo(OptionalInt.of(12));
        assertThat(config.services().get("api").policy().schedules()).isEmpty();
    }

    @Test
    void serviceDefaultsGiveEveryServiceTheirSchedulesUnlessItSetsItsOwnOrNone() throws IOException {
        MicroscalerConfig config = load("serviceDefaults: {schedules: [" + OPENING_HOURS + "]}\n"
                + "services: {shop: , admin: {schedules: none}, night: {schedules: [{name: batch, start: '0 1 * * *',"
                + " end: '0 5 * * *', timeZone: UTC, maxTasks: 2}]}}", Map.of());

        assertThat(config.services().get("shop").policy().schedules()).extracting(Schedule::name).containsExactly("opening-hours");
        assertThat(config.services().get("admin").policy().schedules()).isEmpty();
        assertThat(config.services().get("night").policy().schedules()).extracting(Schedule::name).containsExactly("batch");
    }

    /** The example in docs/configuration.md ("Schedules") loads as it is written. */
    @Test
    void theReferencesExampleLoads() throws IOException {
        String reference = Files.readString(Path.of("docs/configuration.md"));
        int section = reference.indexOf("### Schedules");
        int from = reference.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = reference.substring(from, reference.indexOf("```", from));

        MicroscalerConfig config = load(yaml, Map.of());

        assertThat(config.services().get("shop").policy().schedules()).extracting(Schedule::name)
                .containsExactly("opening-hours", "nights", "weekend-days");
    }

    @Test
    void anEnvironmentVariableGivesTheListAsJson() throws IOException {
        MicroscalerConfig config = load("services: {shop: }", Map.of("MICROSCALER_SERVICES_SHOP_SCHEDULES",
                "[{\"name\": \"opening-hours\", \"start\": \"0 8 * * 1-5\", \"end\": \"0 18 * * 1-5\","
                        + " \"timeZone\": \"Asia/Kolkata\", \"minTasks\": 3}]"));

        Schedule s = config.services().get("shop").policy().schedules().get(0);
        assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(s.minTasks()).isEqualTo(OptionalInt.of(3));
    }

    static Stream<Arguments> refusals() {
        String at = "services.shop.schedules[0]";
        return Stream.of(
                Arguments.of("schedules: weekdays", "services.shop.schedules", "weekdays", ScheduleValues.EXPECTED),
                Arguments.of("schedules: [{name: x, start: '0 25 * * *', end: '0 18 * * *', timeZone: UTC, minTasks: 2}]",
                        at + ".start", "0 25 * * *", "a 5-field cron expression (minute hour day-of-month month"
                                + " day-of-week), e.g. '0 8 * * MON-FRI', but hour '0 25 * * *'".replace("'0 25 * * *'", "'25'")
                                + ": 25 is outside 0-23"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * MON-FRY', end: '0 18 * * *', timeZone: UTC, minTasks: 2}]",
                        at + ".start", "0 8 * * MON-FRY", "a 5-field cron expression (minute hour day-of-month month"
                                + " day-of-week), e.g. '0 8 * * MON-FRI', but day-of-week 'MON-FRY': 'FRY' is not a number"
                                + " from 0 to 7 or a name SUN-SAT"),
                Arguments.of("schedules: [{name: x, start: '0 8 * *', end: '0 18 * * *', timeZone: UTC, minTasks: 2}]",
                        at + ".start", "0 8 * *", "a 5-field cron expression (minute hour day-of-month month"
                                + " day-of-week), e.g. '0 8 * * MON-FRI', but it has 4 fields, not 5"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: Europe/Londn, minTasks: 2}]",
                        at + ".timeZone", "Europe/Londn",
                        "an IANA time zone id, e.g. Europe/London, America/New_York or UTC (did you mean 'Europe/London'?)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: '+01:00', minTasks: 2}]",
                        at + ".timeZone", "+01:00", "an IANA time zone id, e.g. Europe/London, America/New_York or UTC"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', minTasks: 2}]",
                        at + ".timeZone", "", "an IANA time zone id, e.g. Europe/London, America/New_York or UTC"),
                Arguments.of("schedules: [{start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, minTasks: 2}]",
                        at + ".name", "", "a schedule name"),
                Arguments.of("schedules: [{name: 'opening hours', start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC,"
                                + " minTasks: 2}]", at + ".name", "opening hours",
                        "a name of 1 to 64 letters, digits, '.', '_' or '-', e.g. opening-hours"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timezone: UTC, minTasks: 2}]",
                        at + ".timezone", "UTC", "one of the keys of a schedule: name, start, end, timeZone, minTasks,"
                                + " maxTasks, tasks (did you mean 'timeZone'?)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC}]",
                        at, "x", "a schedule that sets minTasks, maxTasks or tasks (the count while it is active), at least one"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, tasks: 4, minTasks: 2}]",
                        at + ".minTasks", "2", "no minTasks where tasks is set (tasks pins the count: it is both minTasks"
                                + " and maxTasks)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, tasks: 0}]",
                        at + ".tasks", "0", "a whole number >= 1 (0 tasks: set minTasks: 0 for a demand-driven worker,"
                                + " which may then scale to zero)"),
                // the service's own bounds rules, with the schedule's applied: shop is [2, 20]
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, minTasks: 30}]",
                        at + ".minTasks", "30", "a whole number <= services.shop.maxTasks (20)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, minTasks: 8,"
                                + " maxTasks: 6}]", at + ".minTasks", "8", "a whole number <= " + at + ".maxTasks (6)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, maxTasks: 1}]",
                        at + ".maxTasks", "1", "a whole number >= services.shop.minTasks (2)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 18 * * *', timeZone: UTC, minTasks: 0}]",
                        at + ".minTasks", "0", "a whole number >= 1 unless services.shop.demand is set: only a demand-driven"
                                + " worker (a queue) can scale to zero and be woken by its demand events; a service behind a"
                                + " load balancer at zero tasks gets no requests, sends no events and would never scale out"
                                + " again"),
                // never active; two with one name; two active at once
                Arguments.of("schedules: [{name: x, start: '0 8 31 2 *', end: '0 18 * * *', timeZone: UTC, minTasks: 4}]",
                        at + ".start", "0 8 31 2 *", "a schedule that is active at some time, but from '0 8 31 2 *' to"
                                + " '0 18 * * *' in UTC it never is (no start within 8 years that is not also an end)"),
                Arguments.of("schedules: [{name: x, start: '0 8 * * *', end: '0 8 * * *', timeZone: UTC, minTasks: 4}]",
                        at + ".start", "0 8 * * *", "a schedule that is active at some time, but from '0 8 * * *' to"
                                + " '0 8 * * *' in UTC it never is (no start within 8 years that is not also an end)"),
                Arguments.of("schedules: [" + OPENING_HOURS + ", {name: opening-hours, start: '0 10 * * SAT',"
                                + " end: '0 16 * * SAT', timeZone: Europe/London, minTasks: 3}]",
                        "services.shop.schedules[1].name", "opening-hours",
                        "a name no other schedule of the service has, but services.shop.schedules[0] is also 'opening-hours'"),
                Arguments.of("schedules: [" + OPENING_HOURS + ", {name: late-thursday, start: '0 17 * * THU',"
                                + " end: '0 21 * * THU', timeZone: Europe/London, minTasks: 8}]",
                        "services.shop.schedules[1]", "late-thursday", "schedules never active at the same time, but"
                                + " 'opening-hours' (services.shop.schedules[0]) and 'late-thursday' are both active at"
                                + " 2026-12-10T17:00:00Z (Thu 2026-12-10 17:00 Europe/London)"),
                Arguments.of("schedules: [" + OPENING_HOURS + ", {name: new-york-lunch, start: '0 12 * * *',"
                                + " end: '0 13 * * *', timeZone: America/New_York, maxTasks: 20}]",
                        "services.shop.schedules[1]", "new-york-lunch", "schedules never active at the same time, but"
                                + " 'opening-hours' (services.shop.schedules[0]) and 'new-york-lunch' are both active at"
                                + " 2026-12-07T17:00:00Z (Mon 2026-12-07 12:00 America/New_York)"));
    }

    @ParameterizedTest(name = "{1} = ''{2}''")
    @MethodSource("refusals")
    void refusesWithTheKeyTheValueAndWhatWasExpected(String schedules, String key, String value, String expected)
            throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load("services: {shop: {minTasks: 2, " + schedules + "}}", Map.of()));

        assertThat(e).as("no ConfigException").isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.expected()).isEqualTo(expected);
        assertThat(e.origin()).isEqualTo("file " + dir.resolve("microscaler.yaml"));
    }

    @Test
    void anInheritedScheduleIsCheckedAgainstEachServicesBoundsAndSaysWhereItCameFrom() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(
                "serviceDefaults: {schedules: [" + OPENING_HOURS + "]}\nservices: {small: {maxTasks: 4}}", Map.of()));

        assertThat(e.getMessage()).isEqualTo("config key 'services.small.schedules[0].minTasks' = '6': expected a whole"
                + " number <= services.small.maxTasks (4) (from serviceDefaults.schedules, file " + dir.resolve("microscaler.yaml") + ")");
    }
}
