/**
 * Request traces for the replay: the {@code second_offset,requests} files of {@code traces/},
 * read, validated, spread (per-minute rows) and scaled into whole requests per second.
 */
package io.microscaler.replay.trace;
