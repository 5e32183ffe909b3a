package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters one path's probes write during an interval. Several event loops may write at
 * once (cycles and the stream), so every slot is atomic; the reader swaps whole instances under
 * a {@code WriterReaderPhaser}, as {@code Recorder} does for histograms.
 */
final class IntervalCounters {

    private static final int ERRORS = Count.SIZE;
    final AtomicLongArray slots = new AtomicLongArray(Count.SIZE + FailureKind.values().length);

    IntervalCounters() {
        reset();
    }

    void add(Count c, long delta) {
        slots.addAndGet(c.ordinal(), delta);
    }

    void max(Count c, long value) {
        slots.accumulateAndGet(c.ordinal(), value, Math::max);
    }

    void error(FailureKind kind) {
        slots.incrementAndGet(ERRORS + kind.ordinal());
    }

    /** Keeps the one-way sample with the smallest network RTT; the pair must change together. */
    synchronized void minOffset(long networkRtt, long offset) {
        if (networkRtt < slots.get(Count.MIN_NETWORK_RTT_NS.ordinal())) {
            slots.set(Count.MIN_NETWORK_RTT_NS.ordinal(), networkRtt);
            slots.set(Count.OFFSET_AT_MIN_NS.ordinal(), offset);
        }
    }

    long get(Count c) {
        return slots.get(c.ordinal());
    }

    long errors(FailureKind kind) {
        return slots.get(ERRORS + kind.ordinal());
    }

    void reset() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, 0);
        }
        slots.set(Count.MIN_NETWORK_RTT_NS.ordinal(), Long.MAX_VALUE);
    }
}
