package io.pathwatch.stats;

import io.pathwatch.path.StallAttribution;

/**
 * The latest hang of one path and where it was, as the writer publishes it (a volatile, like the
 * {@link HangLedger}): set when a hang starts (no attribution yet), ended when it ends, and given
 * the provisional attribution while it is open, then the settled one. Attributions arrive later
 * than the events they explain, so one for an older hang is ignored, and a late provisional one
 * never replaces the settled one. Monotonic times.
 *
 * @param startNanos      the hang's start, as {@code hangStarted} gave it
 * @param startEpochNanos the same on the wall clock
 * @param endNanos        its end, or {@link HangLedger#NONE} while it is open
 * @param attribution     the latest attribution of this hang, or null before the first
 */
record HangMark(long startNanos, long startEpochNanos, long endNanos, StallAttribution attribution) {

    static HangMark started(long startNanos, long startEpochNanos) {
        return new HangMark(startNanos, startEpochNanos, HangLedger.NONE, null);
    }

    boolean open() {
        return endNanos == HangLedger.NONE;
    }

    HangMark ended(long start, long end) {
        return start == startNanos && open() ? new HangMark(startNanos, startEpochNanos, end, attribution) : this;
    }

    /** This mark with {@code a} (a hang's attribution) applied; {@code mark} may be null (no hang seen yet). */
    static HangMark attributed(HangMark mark, StallAttribution a) {
        if (mark == null || a.startNanos() - mark.startNanos > 0) {
            // a hang whose start was not reported here: it stands on the attribution's own times
            return new HangMark(a.startNanos(), a.startEpochNanos(), a.open() ? HangLedger.NONE : a.startNanos() + a.durationNanos(), a);
        }
        if (a.startNanos() != mark.startNanos) {
            return mark;
        }
        if (mark.attribution != null && mark.attribution.settled() && a.open()) {
            return mark;
        }
        return new HangMark(mark.startNanos, mark.startEpochNanos, mark.endNanos, a);
    }
}
