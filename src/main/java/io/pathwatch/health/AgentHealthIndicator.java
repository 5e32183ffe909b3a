package io.pathwatch.health;

import io.pathwatch.stats.AgentStats;
import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * pathwatch's own health as a prober ({@code /actuator/health/pathwatch}): DEGRADED when its
 * event loops lag beyond max-self-lag, with the lag, how many paths' windows were not trusted
 * because of it, and what helps; DEGRADED too while it has had local errors in the last minute
 * (its own ports, descriptors, buffers or memory ran out: a fault of this host that the paths'
 * figures leave out), with their counts per errno and the last one. Not part of liveness or
 * readiness: an overloaded prober still runs, and restarting it would not make it lighter.
 */
final class AgentHealthIndicator implements HealthIndicator {

    static final String HINT = "the prober lags behind its own timers: probe fewer paths, use a longer interval or heartbeat, "
            + "or give it more CPUs; figures of untrusted windows are not judged against the paths";
    static final String LOCAL_HINT = "this host ran out of a local resource (EADDRNOTAVAIL: ephemeral ports, see ip_local_port_range "
            + "and TIME_WAIT; EMFILE/ENFILE: file descriptors, see ulimit -n and fs.file-max; ENOBUFS/ENOMEM: kernel memory); "
            + "those cycles are not counted against their paths";

    private final StatsRegistry stats;
    /** The strictest max-self-lag of the paths configured now (a reload may change it). */
    private final java.util.function.Supplier<Duration> maxSelfLag;

    private final AgentLocalErrors localErrors;

    AgentHealthIndicator(StatsRegistry stats, java.util.function.Supplier<Duration> maxSelfLag, AgentLocalErrors localErrors) {
        this.stats = stats;
        this.maxSelfLag = maxSelfLag;
        this.localErrors = localErrors;
    }

    @Override
    public Health health() {
        LocalErrorState local = localErrors.now();
        AgentStats.AgentWindow w = stats.agent().last();
        Health.Builder h;
        boolean lagging = false;
        if (w == null) {
            h = (local.active() ? Health.status(PathHealthIndicator.DEGRADED) : Health.unknown())
                    .withDetail("maxSelfLagMs", maxSelfLagMs()).withDetail("reason", "no window measured yet");
        } else {
            Distribution lag = w.loopLag();
            lagging = (lag.p99() != null && lag.p99() > maxSelfLagMs()) || w.untrustedPaths() > 0;
            h = (lagging || local.active() ? Health.status(PathHealthIndicator.DEGRADED) : Health.status(Status.UP))
                    .withDetail("loopLagMs", lag)
                    .withDetail("maxSelfLagMs", maxSelfLagMs())
                    .withDetail("untrustedPaths", w.untrustedPaths())
                    .withDetail("paths", w.paths());
        }
        h.withDetail("localErrors", details(local));
        if (lagging) {
            h.withDetail("hint", HINT);
        }
        if (local.active()) {
            h.withDetail("localErrorHint", LOCAL_HINT);
        }
        return h.build();
    }

    private static Map<String, Object> details(LocalErrorState s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lastMinute", s.lastMinute());
        d.put("lastMinuteByCause", s.lastMinuteByCause());
        d.put("total", s.total());
        if (s.lastDetail() != null) {
            d.put("lastPath", s.lastPath());
            d.put("lastDetail", s.lastDetail());
            d.put("lastAt", s.lastAt().toString());
        }
        return d;
    }

    private double maxSelfLagMs() {
        return maxSelfLag.get().toNanos() / 1e6;
    }
}
