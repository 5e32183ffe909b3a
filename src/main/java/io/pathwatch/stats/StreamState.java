package io.pathwatch.stats;

import java.time.Instant;

/**
 * The path's long-lived stream now.
 *
 * @param connected   the stream connection is up
 * @param since       when it last connected or disconnected; null before the first attempt ended
 * @param disconnects disconnects since pathwatch started
 */
public record StreamState(boolean connected, Instant since, long disconnects) {
}
