/**
 * Operators' overrides, live: the admin topic (compacted, one record per service and kind) read whole
 * at start and followed ({@link io.microscaler.admin.AdminStateVerticle}) into a board every stage of
 * this instance reads ({@link io.microscaler.admin.AdminBoard}); commands from the admin API written
 * to it ({@link io.microscaler.admin.OverrideRecords}). The rule that applies them is pure, in core
 * ({@code io.microscaler.override}).
 */
package io.microscaler.admin;
