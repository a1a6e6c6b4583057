package io.microscaler.deploy;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * One thing the app does against AWS, done through its production code in a {@link TourWorld}:
 * the action runs on the app's Vert.x context and fails its future if the app did not do it (so a
 * path that silently skipped its calls cannot pass).
 *
 * @param name   what the app does and which operations that takes, for failure messages
 * @param action the step, e.g. {@code world -> world.ecsServiceTarget().apply("iiif", 2)}
 */
record TourStep(String name, Function<TourWorld, Future<?>> action) {
}
