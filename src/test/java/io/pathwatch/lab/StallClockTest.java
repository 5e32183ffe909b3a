package io.pathwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StallClockTest {

    private static final long MS = 1_000_000;

    @Test
    void periodicStallsTakeTheLastPartOfEachPeriod() {
        Impairment every400For100 = Impairment.NONE.withStalls(100, 400, 0);
        StallClock clock = new StallClock(0, new Random(1));
        assertThat(clock.notStalledAt(250 * MS, every400For100)).isEqualTo(250 * MS);
        assertThat(clock.notStalledAt(350 * MS, every400For100)).isEqualTo(400 * MS);
        assertThat(clock.notStalledAt(750 * MS, every400For100)).isEqualTo(800 * MS);
        assertThat(clock.notStalledAt(801 * MS, every400For100)).isEqualTo(801 * MS);
    }

    @Test
    void aOneShotStallHoldsUntilItEnds() {
        StallClock clock = new StallClock(0, new Random(1));
        clock.stallUntil(500 * MS);
        assertThat(clock.notStalledAt(100 * MS, Impairment.NONE)).isEqualTo(500 * MS);
        assertThat(clock.notStalledAt(600 * MS, Impairment.NONE)).isEqualTo(600 * MS);
    }

    @Test
    void randomStallsHitEveryConnectionEvenWhenTheirTimesInterleave() {
        Impairment random = Impairment.NONE.withStalls(200, 0, 60); // mean gap 1 s
        StallClock clock = new StallClock(0, new Random(5));
        long t = 0;
        long stalledAt = -1;
        while (stalledAt < 0 && t < 60_000 * MS) {
            if (clock.notStalledAt(t, random) > t) {
                stalledAt = t;
            }
            t += MS;
        }
        assertThat(stalledAt).as("a stall within a minute").isNotNegative();
        long end = clock.notStalledAt(stalledAt, random);
        // another connection asks, a little later, then one asks for a time inside the same stall
        clock.notStalledAt(end + 5 * MS, random);
        assertThat(clock.notStalledAt(stalledAt + MS, random)).isEqualTo(end);
    }
}
