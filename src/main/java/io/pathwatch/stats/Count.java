package io.pathwatch.stats;

/** The counters kept per window, by index. */
enum Count {
    CYCLES, CYCLES_FAILED, CYCLES_SKIPPED,
    ECHOES_PLANNED, ECHOES_LOST,
    HEARTBEATS_SENT, HEARTBEATS_LOST,
    DISCONNECTS,
    HANGS, HANG_TOTAL_NS, HANG_LONGEST_NS,
    JITTER_SUM_NS, JITTER_SAMPLES,
    FORWARD_SUM_NS, REVERSE_SUM_NS, ONE_WAY_SAMPLES,
    /** The smallest network RTT of the window, and the clock offset that sample implies. */
    MIN_NETWORK_RTT_NS, OFFSET_AT_MIN_NS;

    static final int SIZE = values().length;
}
