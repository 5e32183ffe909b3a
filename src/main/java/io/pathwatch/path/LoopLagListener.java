package io.pathwatch.path;

/**
 * How the prober reports its own lag: a tiny periodic task on each of its event loops says how
 * late it ran. Called from that event loop; never blocks.
 */
@FunctionalInterface
public interface LoopLagListener {

    LoopLagListener NONE = lateNanos -> { };

    void loopLag(long lateNanos);
}
