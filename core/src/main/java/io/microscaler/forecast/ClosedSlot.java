package io.microscaler.forecast;

/**
 * One slot of a service's history, as its forecaster closed it: what a new owner restores (after
 * a restart or a hand-over) so that it forecasts at once instead of after days.
 *
 * @param start   the slot's first second (epoch seconds)
 * @param seconds the slot's length
 * @param rate    its busy rate, requests/s (see {@link LoadForecaster})
 */
public record ClosedSlot(long start, int seconds, double rate) {
}
