package io.microscaler.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The schedule in force at an instant, and until when.
 *
 * @param until its next end, or empty if it has none within {@link Schedule#SEARCH_DAYS}
 */
public record ActiveSchedule(Schedule schedule, Optional<Instant> until) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    public String name() {
        return schedule.name();
    }

    /**
     * The schedule in words with its end in its own zone: {@code Mon–Fri 08:00–18:00 Europe/London,
     * until 18:00} (the end later on {@code now}'s local day), else {@code until Mon 2026-12-07 08:00}.
     */
    public String describe(Instant now) {
        String end = until.map(u -> {
            LocalDateTime local = LocalDateTime.ofInstant(u, schedule.zone());
            boolean sameDay = local.toLocalDate().equals(LocalDateTime.ofInstant(now, schedule.zone()).toLocalDate());
            return "until " + (sameDay ? TIME : DAY_TIME).format(local);
        }).orElse("with no end");
        return schedule.describe() + ", " + end;
    }
}
