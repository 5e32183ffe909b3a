package io.pathwatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ends a run: its count reached, its duration over, or Ctrl-C (SIGINT) / SIGTERM / SIGHUP, whichever comes first. */
final class Stop {

    private final CountDownLatch latch = new CountDownLatch(1);

    void request() {
        latch.countDown();
    }

    /**
     * Makes Ctrl-C, {@code timeout}'s and {@code docker stop}'s SIGTERM and a closed terminal's
     * SIGHUP end the run normally (summary printed) instead of killing the JVM; a second signal
     * while the summary is still coming ends it at once.
     */
    void onInterrupt() {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (latch.getCount() == 0) {
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                    request();
                });
            } catch (IllegalArgumentException e) {
                // no such signal on this platform: it keeps the JVM's default
            }
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
