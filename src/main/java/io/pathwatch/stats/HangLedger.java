package io.pathwatch.stats;

/**
 * The hang history of one path as a running account: how many hangs began, how long the ended
 * ones lasted in all, and the open one. Published whole by the writer on every hang event (rare),
 * so any reader can tell how much time the path spent hung up to any moment, live, without
 * waiting for a harvest: a window's hang time is {@code hungUpTo(end) − hungUpTo(start)}.
 * Monotonic times.
 *
 * @param started          hangs detected so far
 * @param endedNanos       total duration of the hangs that ended
 * @param openStart        start of the open hang, or {@link #NONE}
 * @param openStartEpochNanos the same on the wall clock (for display)
 * @param lastEndedStart   start of the last hang that ended, or {@link #NONE}
 * @param lastEndedEnd     its end
 */
record HangLedger(long started, long endedNanos, long openStart, long openStartEpochNanos, long lastEndedStart, long lastEndedEnd) {

    static final long NONE = Long.MIN_VALUE;
    static final HangLedger EMPTY = new HangLedger(0, 0, NONE, 0, NONE, NONE);

    boolean open() {
        return openStart != NONE;
    }

    /** Time spent hung from the beginning up to {@code now}, the open hang included. */
    long hungUpTo(long now) {
        return endedNanos + (open() ? Math.max(0, now - openStart) : 0);
    }

    /** The open hang's duration at {@code now}, or 0. */
    long openFor(long now) {
        return open() ? Math.max(0, now - openStart) : 0;
    }

    HangLedger start(long startNanos, long startEpochNanos) {
        return new HangLedger(started + 1, endedNanos, startNanos, startEpochNanos, lastEndedStart, lastEndedEnd);
    }

    HangLedger end(long endNanos) {
        return new HangLedger(started, endedNanos + Math.max(0, endNanos - openStart), NONE, 0, openStart, endNanos);
    }
}
