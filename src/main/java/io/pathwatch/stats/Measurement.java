package io.pathwatch.stats;

/**
 * Whether the prober itself kept up while it measured. Its own lag is how late its timers fired
 * on the path's event loop (heartbeat ticks and cycle starts); a window whose lag p99 exceeded
 * {@code max-self-lag} is not trusted: its figures may show the prober, not the path.
 *
 * @param selfLagP99Ms     the largest window p99 of the prober's own lag in the span; null without samples
 * @param trusted          no window of the span exceeded {@code max-self-lag}
 * @param untrustedWindows how many did
 */
public record Measurement(Double selfLagP99Ms, boolean trusted, long untrustedWindows) {
}
