package io.pathwatch.stats;

/** The latency distributions kept per path, each in its own recorder. */
public enum Figure {
    /** Echo round trips of the probe cycles. */
    RTT,
    /** TCP connect (SYN → established). */
    CONNECT,
    /** TLS handshake. */
    TLS,
    /** Name resolution. */
    DNS,
    /** Heartbeat round trips on the stream, from each heartbeat's intended send time. */
    STREAM_RTT,
    /** How late the scheduler started each cycle. */
    LAG;

    static final int SIZE = values().length;
}
