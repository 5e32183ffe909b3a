package io.pathwatch.alert;

import io.pathwatch.testing.SuppliedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves. */
final class MutableClock extends SuppliedClock {

    private final AtomicLong epochNanos;

    MutableClock(Instant start) {
        this(new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano()));
    }

    private MutableClock(AtomicLong epochNanos) {
        super(epochNanos::get);
        this.epochNanos = epochNanos;
    }

    void advance(Duration d) {
        epochNanos.addAndGet(d.toNanos());
    }
}
