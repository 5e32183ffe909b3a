package io.pathwatch.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state judged at each of one path's windows over the last hour (as long as its statistics
 * are kept): a fixed ring of a timestamp and a state byte per window, 9 bytes each.
 */
final class StateHistory {

    static final Duration KEPT = Duration.ofHours(1);
    private static final PathState[] STATES = PathState.values();

    private final long[] atMillis;
    private final byte[] states;
    private int next;
    private int size;

    StateHistory(Duration window) {
        int capacity = (int) (KEPT.toMillis() / Math.max(1, window.toMillis())) + 2;
        atMillis = new long[capacity];
        states = new byte[capacity];
    }

    synchronized void add(Instant at, PathState state) {
        atMillis[next] = at.toEpochMilli();
        states[next] = (byte) state.ordinal();
        next = (next + 1) % atMillis.length;
        size = Math.min(size + 1, atMillis.length);
    }

    /** Oldest first. */
    synchronized List<StatePoint> points() {
        List<StatePoint> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (next - size + i + atMillis.length) % atMillis.length;
            out.add(new StatePoint(Instant.ofEpochMilli(atMillis[at]), STATES[states[at]]));
        }
        return out;
    }
}
