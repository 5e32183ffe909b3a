package io.pathwatch.stats;

import io.pathwatch.path.StallCause;

/** The counters kept per window, by index, and how two windows' values combine. */
enum Count {
    CYCLES, CYCLES_FAILED, CYCLES_SKIPPED,
    /**
     * Echoes written by cycles, and of those the ones a timeout or reset took; for a connect-mode
     * path, connection attempts and the failed ones (its probes are the connects).
     */
    ECHOES_SENT, ECHOES_LOST,
    /** Heartbeats written; ticks that could not write one (neither sent nor lost). */
    HEARTBEATS_SENT, HEARTBEATS_UNSENT,
    /** Heartbeats whose fate was decided in the window (answered, late or not, or lost), whenever they were sent. */
    HEARTBEATS_DECIDED, HEARTBEATS_LOST, HEARTBEATS_LATE,
    DISCONNECTS,
    /** Hangs detected in the window. */
    HANGS,
    /** 1 if a hang was open when the window began (it counts in the window, but was detected before). */
    HANGS_CARRIED(Merge.NONE),
    HANG_TOTAL_NS(Merge.SUM),
    /** Longest hang that ended in the window, or the open one's duration so far at its end. */
    HANG_LONGEST_NS(Merge.MAX),
    JITTER_SUM_NS, JITTER_SAMPLES,
    FORWARD_SUM_NS, REVERSE_SUM_NS, ONE_WAY_SAMPLES,
    /** The smallest network RTT of the window, and the clock offset that sample implies. */
    MIN_NETWORK_RTT_NS(Merge.MIN_WITH_NEXT), OFFSET_AT_MIN_NS(Merge.NONE),
    /** The prober's own lag in the window (p99 and maximum of {@link Figure#SELF_LAG}), µs. */
    SELF_LAG_P99_US(Merge.MAX), SELF_LAG_MAX_US(Merge.MAX),
    /**
     * Settled hang attributions by {@link StallCause}, counted in the window they settled in (one
     * per {@code HANG_CAUSE_<cause>}); a provisional one never counts.
     */
    HANG_CAUSE_FORWARD_LOSS, HANG_CAUSE_REVERSE_LOSS, HANG_CAUSE_FORWARD_OR_REVERSE_LOSS, HANG_CAUSE_FAR_END_STALL,
    HANG_CAUSE_RESET, HANG_CAUSE_LOCAL_OVERLOAD, HANG_CAUSE_UNKNOWN,
    /** Attributions of cycles that failed after connecting by timeout or reset, likewise. */
    CYCLE_CAUSE_FORWARD_LOSS, CYCLE_CAUSE_REVERSE_LOSS, CYCLE_CAUSE_FORWARD_OR_REVERSE_LOSS, CYCLE_CAUSE_FAR_END_STALL,
    CYCLE_CAUSE_RESET, CYCLE_CAUSE_LOCAL_OVERLOAD, CYCLE_CAUSE_UNKNOWN;

    enum Merge {
        SUM, MAX, MIN_WITH_NEXT, NONE
    }

    static final int SIZE = values().length;
    private static final Count[] ALL = values();
    // by name, so a cause added to StallCause without its counters fails at class load, not silently
    private static final Count[] HANG_CAUSES = new Count[StallCause.values().length];
    private static final Count[] CYCLE_CAUSES = new Count[StallCause.values().length];

    static {
        for (StallCause c : StallCause.values()) {
            HANG_CAUSES[c.ordinal()] = valueOf("HANG_CAUSE_" + c.name());
            CYCLE_CAUSES[c.ordinal()] = valueOf("CYCLE_CAUSE_" + c.name());
        }
    }

    final Merge merge;

    Count() {
        this(Merge.SUM);
    }

    Count(Merge merge) {
        this.merge = merge;
    }

    /** The counter of settled hangs with this cause. */
    static Count hangCause(StallCause cause) {
        return HANG_CAUSES[cause.ordinal()];
    }

    /** The counter of attributed failed cycles with this cause. */
    static Count cycleCause(StallCause cause) {
        return CYCLE_CAUSES[cause.ordinal()];
    }

    /** Fresh counters: zeros, and no minimum yet. */
    static long[] empty() {
        long[] c = new long[SIZE];
        c[MIN_NETWORK_RTT_NS.ordinal()] = Long.MAX_VALUE;
        return c;
    }

    /** Adds {@code from} into {@code into}, each counter by its own rule. */
    static void merge(long[] into, long[] from) {
        for (Count k : ALL) {
            int i = k.ordinal();
            switch (k.merge) {
                case SUM -> into[i] += from[i];
                case MAX -> into[i] = Math.max(into[i], from[i]);
                case MIN_WITH_NEXT -> {
                    if (from[i] < into[i]) {
                        into[i] = from[i];
                        into[i + 1] = from[i + 1];
                    }
                }
                case NONE -> { }
            }
        }
    }
}
