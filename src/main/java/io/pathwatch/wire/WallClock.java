package io.pathwatch.wire;

import java.time.Instant;

/** Wall-clock time as epoch nanoseconds, the unit of T1..T4 on the wire. */
public final class WallClock {

    private WallClock() {
    }

    public static long nanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
