/**
 * Scheduled scaling: a {@link io.microscaler.schedule.Cron} expression's occurrences in a time
 * zone, {@link io.microscaler.schedule.Schedule} windows from a start to an end that replace a
 * service's bounds while active, which of a service's {@link io.microscaler.schedule.Schedules} is
 * active at an instant, and the start-up checks ({@link io.microscaler.schedule.Overlaps}). Pure:
 * every answer is for an instant given as an argument.
 */
package io.microscaler.schedule;
