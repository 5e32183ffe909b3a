package io.pathwatch.stats;

import java.time.Instant;

/**
 * The latest cycle a path's schedule ran (one-off cycles run on request are not recorded).
 *
 * @param at          when it ended
 * @param address     the IP address the target resolved to, which the cycle connected to or tried to; null if resolving failed
 * @param failure     the failure kind's key, null when it succeeded
 * @param failedPhase the phase that failed, null when it succeeded
 * @param connectMs   its connect time, null if it did not connect
 */
public record LastCycle(Instant at, String address, String failure, String failedPhase, Double connectMs) {
}
