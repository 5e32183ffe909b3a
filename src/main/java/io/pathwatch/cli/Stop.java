package io.pathwatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ends a run: its count reached, its duration over, or Ctrl-C (SIGINT), whichever comes first. */
final class Stop {

    private final CountDownLatch latch = new CountDownLatch(1);

    void request() {
        latch.countDown();
    }

    /** Makes Ctrl-C end the run normally (summary printed) instead of killing the JVM. */
    void onInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> request());
        } catch (IllegalArgumentException e) {
            // no SIGINT on this platform: Ctrl-C keeps the JVM's default
        }
    }

    /** Waits until a stop is requested or {@code limit} has passed (null: no limit). */
    void await(Duration limit) throws InterruptedException {
        if (limit == null) {
            latch.await();
        } else {
            latch.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
