package io.pathwatch.path;

import java.time.Duration;

/**
 * The effective probe settings of one path (defaults merged with its overrides).
 *
 * @param streamGiveUp the stream drops a connection that stayed silent this long and reconnects
 * @param maxSelfLag   a window in which the prober's own lag p99 exceeded this is not trusted
 */
public record ProbeSettings(
        Duration interval,
        Duration timeout,
        int echoCount,
        int payloadBytes,
        Duration heartbeat,
        Duration hangThreshold,
        Duration window,
        Duration streamGiveUp,
        Duration maxSelfLag) {

    /** The shipped stream-give-up and max-self-lag with the rest as given (tests and benchmarks). */
    public ProbeSettings(Duration interval, Duration timeout, int echoCount, int payloadBytes, Duration heartbeat,
            Duration hangThreshold, Duration window) {
        this(interval, timeout, echoCount, payloadBytes, heartbeat, hangThreshold, window, Duration.ofSeconds(10),
                Duration.ofMillis(50));
    }

    public ProbeSettings withStreamGiveUp(Duration giveUp) {
        return new ProbeSettings(interval, timeout, echoCount, payloadBytes, heartbeat, hangThreshold, window, giveUp, maxSelfLag);
    }
}
