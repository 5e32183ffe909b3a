package io.pathwatch.path;

/**
 * How probes report one path's measurements. Every report of one path comes from one thread at
 * a time (the event loop that owns the path's cycles and stream), so an implementation may keep
 * single-writer state; it never blocks and never locks. Times named {@code …Nanos} without
 * "epoch" are on the monotonic clock ({@link System#nanoTime()}). Every report does nothing unless
 * implemented, so a listener names only what it follows.
 */
public interface ProbeListener {

    /** A probe cycle finished, successfully or not. About once per interval. */
    default void cycleCompleted(CycleOutcome outcome) {
    }

    /** The scheduler skipped a cycle because too many of this path's cycles were still running. */
    default void cycleSkipped(long lagNanos) {
    }

    /**
     * The stream's heartbeat timer fired, {@code lateNanos} after it was due (the prober's own lag
     * as this path's event loop sees it); {@code written} is false when the connection could not
     * take the heartbeat (not writable, or not connected): such a heartbeat is neither sent nor lost.
     */
    default void heartbeatTick(long lateNanos, boolean written) {
    }

    /**
     * A heartbeat's echo came back.
     *
     * @param rttNanos     from the heartbeat's intended send time (no coordinated omission)
     * @param sentRttNanos from the moment it was actually written
     * @param late         it came back after {@code timeout}
     * @param afterStall   it was waiting while the stream hung, so it arrives in the burst that ends the hang
     */
    default void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
    }

    /** Heartbeats written that will never be answered: skipped by the responder, or given up with their connection. */
    default void heartbeatsLost(int count) {
    }

    /** The stream has gone without an echo for longer than the hang threshold. */
    default void hangStarted(long startNanos, long startEpochNanos) {
    }

    /** The hang that started at {@code startNanos} ended at {@code endNanos}: echoes flow again. */
    default void hangEnded(long startNanos, long endNanos) {
    }

    /** The stream connection completed HELLO. */
    default void streamConnected(long epochNanos) {
    }

    /** The stream connection was lost (after having been connected), for this reason. */
    default void streamDisconnected(long epochNanos, FailureKind reason) {
    }

    /**
     * Where a stall was: for a hang, first while it is open ({@code open}, provisional; possibly
     * more than once) and then once settled after it ended; for a cycle that failed after connecting
     * by timeout or reset, once. Comes from the path's event loop like every other report, later
     * than the event it explains (it waits for the responder's view).
     */
    default void stallAttributed(StallAttribution attribution) {
    }

    /** The kernel's smoothed RTT of the stream's connection (TCP_INFO {@code rtt}), about once a second while it is connected. */
    default void kernelRtt(long srttNanos) {
    }
}
