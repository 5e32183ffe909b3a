package io.pathwatch.health;

import io.pathwatch.stats.AgentStats;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The agent condition {@code overloaded}: its last window lagged beyond max-self-lag, so its
 * figures were not trusted (the same judgement as its health, {@link AgentHealthIndicator}).
 */
final class Overload {

    private final StatsRegistry stats;
    /** The strictest max-self-lag of the paths configured now (a reload may change it). */
    private final java.util.function.Supplier<Duration> maxSelfLag;


    Overload(StatsRegistry stats, java.util.function.Supplier<Duration> maxSelfLag) {
        this.stats = stats;
        this.maxSelfLag = maxSelfLag;
    }

    /** A line saying how it lags, or null while it keeps up. */
    String detail() {
        AgentStats.AgentWindow w = stats.agent().last();
        if (w == null) {
            return null;
        }
        Double p99 = w.loopLag().p99();
        boolean lagging = p99 != null && p99 > maxSelfLagMs();
        if (!lagging && w.untrustedPaths() == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "event-loop lag p99 %.1f ms (max-self-lag %.1f ms); %d of %d paths' last windows not trusted. %s",
                p99 == null ? 0.0 : p99, maxSelfLagMs(), w.untrustedPaths(), w.paths(), AgentHealthIndicator.HINT);
    }

    private double maxSelfLagMs() {
        return maxSelfLag.get().toNanos() / 1e6;
    }
}
