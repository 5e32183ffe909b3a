package io.pathwatch.path;

/**
 * How probes report one path's measurements. Probes call it from Netty event loops, so an
 * implementation never blocks and never locks. The stream methods are called from the one event
 * loop that owns the path's stream, one call at a time.
 */
public interface ProbeListener {

    /** A probe cycle finished, successfully or not. About once per interval. */
    void cycleCompleted(CycleOutcome outcome);

    /** The scheduler skipped a cycle because too many of this path's cycles were still running. */
    void cycleSkipped(long lagNanos);

    /** A heartbeat echo came back; {@code rttNanos} runs from the heartbeat's intended send time. */
    void streamEcho(long rttNanos);

    /** A heartbeat was sent. */
    void heartbeatSent();

    /** A heartbeat got no echo within the timeout, or its connection closed first. */
    void heartbeatsLost(int count);

    /** The stream has gone without an echo for longer than the hang threshold. */
    void hangStarted(long startEpochNanos);

    /** A hang ended (echo arrived, or the connection closed); duration in nanoseconds. */
    void hangEnded(long startEpochNanos, long durationNanos);

    /** The stream connection completed HELLO. */
    void streamConnected(long epochNanos);

    /** The stream connection was lost (after having been connected), for this reason. */
    void streamDisconnected(long epochNanos, FailureKind reason);
}
