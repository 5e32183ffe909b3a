package io.pathwatch.lab;

import java.util.Random;

/**
 * When one direction is stalled: periodic stalls ({@code stallEveryMs}), random ones
 * ({@code stallsPerMinute}, a Poisson process from the path's seed) and one-shot stalls started
 * through the API. Asked with non-decreasing times (a direction's release times), it answers the
 * earliest moment at or after that time when the direction is not stalled. Several connections
 * share one clock, so their times interleave slightly out of order: the previous random stall is
 * kept as well as the next one.
 */
final class StallClock {

    private final long origin;
    private final Random random;
    private long nextRandomStart = -1;
    private long previousRandomStart = Long.MIN_VALUE / 2;
    private volatile long oneShotUntil;

    StallClock(long origin, Random random) {
        this.origin = origin;
        this.random = random;
    }

    void stallUntil(long nanos) {
        oneShotUntil = nanos;
    }

    long notStalledAt(long t, Impairment imp) {
        long release = Math.max(t, oneShotUntil);
        long length = Impairment.nanos(imp.stallForMs());
        if (length <= 0) {
            return release;
        }
        long every = Impairment.nanos(imp.stallEveryMs());
        if (every > 0) {
            long sinceOrigin = release - origin;
            long start = origin + Math.floorDiv(sinceOrigin, every) * every + Math.max(0, every - length);
            // stalls occupy the last `length` of each period, so the first comes one period after start
            if (release >= start && release < start + length) {
                release = start + length;
            }
        }
        if (imp.stallsPerMinute() > 0) {
            double meanGap = 60e9 / imp.stallsPerMinute();
            if (nextRandomStart < 0) {
                nextRandomStart = release + (long) (-Math.log(1 - random.nextDouble()) * meanGap);
            }
            while (release >= nextRandomStart + length) {
                previousRandomStart = nextRandomStart;
                nextRandomStart += length + (long) (-Math.log(1 - random.nextDouble()) * meanGap);
            }
            if (release >= previousRandomStart && release < previousRandomStart + length) {
                release = previousRandomStart + length;
            }
            if (release >= nextRandomStart) {
                release = nextRandomStart + length;
            }
        }
        return release;
    }
}
