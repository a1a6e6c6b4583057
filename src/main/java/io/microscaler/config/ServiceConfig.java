package io.microscaler.config;

import io.microscaler.policy.TargetTrackingSettings;

/**
 * One scaled service (keys {@code services.<id>.*}, defaults from {@code serviceDefaults.*}).
 *
 * @param initialTasks the count a dry-run target starts from
 */
public record ServiceConfig(String id, int initialTasks, TargetTrackingSettings targetTracking) {
}
