package io.pathwatch.probe;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.LoopLagListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the prober's own lag all the time: a tiny task on each probe event loop, run every
 * {@link #PERIOD_MILLIS}, reports how late it ran against its schedule. A loop busy with too many
 * paths, a starved CPU or a GC pause all show here before they show as a path's figures.
 */
final class LoopLagMonitor {

    private static final Logger log = LoggerFactory.getLogger(LoopLagMonitor.class);
    static final long PERIOD_MILLIS = 20;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /** Starts one task per loop; each loop reports to its own listener from {@code listeners}. */
    synchronized void start(Iterable<EventExecutor> loops, Supplier<LoopLagListener> listeners) {
        long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        for (EventExecutor loop : loops) {
            LoopLagListener listener = listeners.get();
            long first = System.nanoTime() + period;
            long[] ticks = {0};
            boolean[] failing = {false};
            tasks.add(loop.scheduleAtFixedRate(() -> {
                try {
                    long due = first + ticks[0]++ * period;
                    listener.loopLag(Math.max(0, System.nanoTime() - due));
                    failing[0] = false;
                } catch (Throwable e) { // a periodic task that throws is never run again
                    if (!failing[0]) {
                        failing[0] = true;
                        log.error("measuring the event loop's lag failed", e);
                    }
                }
            }, period, period, TimeUnit.NANOSECONDS));
        }
    }

    synchronized void stop() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
    }
}
