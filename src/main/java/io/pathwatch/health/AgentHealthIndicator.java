package io.pathwatch.health;

import io.pathwatch.stats.AgentStats;
import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * pathwatch's own health as a prober ({@code /actuator/health/pathwatch}): DEGRADED when its
 * event loops lag beyond max-self-lag, with the lag, how many paths' windows were not trusted
 * because of it, and what helps. Not part of liveness or readiness: an overloaded prober still
 * runs, and restarting it would not make it lighter.
 */
final class AgentHealthIndicator implements HealthIndicator {

    static final String HINT = "the prober lags behind its own timers: probe fewer paths, use a longer interval or heartbeat, "
            + "or give it more CPUs; figures of untrusted windows are not judged against the paths";

    private final StatsRegistry stats;
    private final double maxSelfLagMs;

    AgentHealthIndicator(StatsRegistry stats, Duration maxSelfLag) {
        this.stats = stats;
        this.maxSelfLagMs = maxSelfLag.toNanos() / 1e6;
    }

    @Override
    public Health health() {
        AgentStats.AgentWindow w = stats.agent().last();
        if (w == null) {
            return Health.unknown().withDetail("maxSelfLagMs", maxSelfLagMs).withDetail("reason", "no window measured yet").build();
        }
        Distribution lag = w.loopLag();
        boolean lagging = lag.p99() != null && lag.p99() > maxSelfLagMs;
        Health.Builder h = (lagging || w.untrustedPaths() > 0 ? Health.status(PathHealthIndicator.DEGRADED) : Health.status(Status.UP))
                .withDetail("loopLagMs", lag)
                .withDetail("maxSelfLagMs", maxSelfLagMs)
                .withDetail("untrustedPaths", w.untrustedPaths())
                .withDetail("paths", w.paths());
        if (lagging || w.untrustedPaths() > 0) {
            h.withDetail("hint", HINT);
        }
        return h.build();
    }
}
