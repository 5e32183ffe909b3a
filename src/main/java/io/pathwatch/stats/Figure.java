package io.pathwatch.stats;

/** The latency distributions kept per path. */
public enum Figure {
    /** Echo round trips of the probe cycles. */
    RTT(true),
    /** TCP connect (SYN → established). */
    CONNECT(true),
    /** TLS handshake. */
    TLS(true),
    /** Name resolution. */
    DNS(true),
    /** Heartbeat round trips on the stream, from each heartbeat's intended send time. */
    STREAM_RTT(true),
    /**
     * The kernel's smoothed RTT of the stream's connection (TCP_INFO {@code rtt}), about once a
     * second: the network's round trip without either end's application. The application's RTT
     * ({@link #RTT}) − this is the applications' own share (both ends' event loops, TLS, scheduling).
     */
    KERNEL_RTT(true),
    /** How late the scheduler started each cycle. */
    LAG(true),
    /**
     * How late the prober's own timers fired on this path's event loop (every heartbeat tick and
     * cycle start). Sealed windows keep only its p99 and maximum, the figures trust is judged by.
     */
    SELF_LAG(false);

    static final int SIZE = values().length;

    /** Whether sealed windows keep every bucket of this figure, so spans can be merged. */
    final boolean kept;

    Figure(boolean kept) {
        this.kept = kept;
    }
}
