package io.pathwatch.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/** A UTC wall clock that reads whatever epoch nanoseconds a test supplies: time moves when the test moves it. */
public class SuppliedClock extends Clock {

    private final LongSupplier epochNanos;

    public SuppliedClock(LongSupplier epochNanos) {
        this.epochNanos = epochNanos;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(0, epochNanos.getAsLong());
    }
}
