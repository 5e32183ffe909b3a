package io.pathwatch.stats;

import io.pathwatch.path.LoopLagListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The prober's own health: how late a tiny periodic task on each probe event loop ran (its loop's
 * lag), in windows like a path's, how many paths' last windows were not trusted because of it, and
 * its local errors (failures of the agent itself, never of a path).
 * Harvested by the stats thread with the paths.
 */
public final class AgentStats {

    /**
     * One sealed window of the agent.
     *
     * @param loopLag          lag of the probe event loops' periodic task, every loop together
     * @param untrustedPaths   paths whose last window was not trusted (their prober lag exceeded max-self-lag)
     * @param paths            paths in all
     */
    public record AgentWindow(Distribution loopLag, Samples loopLagMicros, long untrustedPaths, long paths) {
    }

    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final List<LagRecorder> loops = new CopyOnWriteArrayList<>();
    private final LocalErrors localErrors;
    private RunsBuilder current = new RunsBuilder(256);
    private long windowEnd;
    private volatile AgentWindow last;
    private final List<java.util.function.Consumer<AgentWindow>> listeners = new CopyOnWriteArrayList<>();

    AgentStats(LongSupplier nanoClock, Duration window, LocalErrors localErrors) {
        this.nanoClock = nanoClock;
        this.localErrors = localErrors;
        this.windowNanos = window.toNanos();
        this.windowEnd = nanoClock.getAsLong() + windowNanos;
    }

    /** A listener for one more event loop (each loop gets its own: one writer each). */
    public LoopLagListener forLoop() {
        LagRecorder r = new LagRecorder();
        loops.add(r);
        return r;
    }

    /** Stats thread: collects the loops' samples; seals a window when one is due. True when it sealed. */
    boolean harvest(Iterable<PathStats> paths) {
        for (LagRecorder r : loops) {
            r.drainTo(current);
        }
        long now = nanoClock.getAsLong();
        if (now < windowEnd) {
            return false;
        }
        windowEnd = Math.max(windowEnd + windowNanos, now + windowNanos / 2);
        Samples lag = current.build();
        current = new RunsBuilder(256);
        long untrusted = 0;
        long all = 0;
        for (PathStats p : paths) {
            all++;
            WindowSnapshot w = p.lastWindow();
            if (w != null && !w.measurement().trusted()) {
                untrusted++;
            }
        }
        AgentWindow w = new AgentWindow(Distribution.of(lag), lag, untrusted, all);
        last = w;
        for (java.util.function.Consumer<AgentWindow> l : listeners) {
            l.accept(w);
        }
        return true;
    }

    /** Told, on the stats thread, each time the agent's window is sealed. */
    public void addListener(java.util.function.Consumer<AgentWindow> listener) {
        listeners.add(listener);
    }

    /** The agent's local errors ({@code local_error}) of every path. */
    public LocalErrors localErrors() {
        return localErrors;
    }

    /** The last sealed window, or null before the first. */
    public AgentWindow last() {
        return last;
    }
}
