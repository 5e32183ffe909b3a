package io.pathwatch.path;

import java.time.Duration;

/** The effective probe settings of one path (defaults merged with its overrides). */
public record ProbeSettings(
        Duration interval,
        Duration timeout,
        int echoCount,
        int payloadBytes,
        Duration heartbeat,
        Duration hangThreshold,
        Duration window) {
}
