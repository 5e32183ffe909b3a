package io.pathwatch.health;

import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * One path in {@code /actuator/health/paths}: its state as a status, every figure as details. A
 * connect-mode path has no {@code stream} detail: it keeps none.
 */
final class PathHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED");
    private static final Duration DETAIL_WINDOW = Duration.ofMinutes(1);

    private final PathStats stats;
    private final PathHealthTracker tracker;

    PathHealthIndicator(PathStats stats, PathHealthTracker tracker) {
        this.stats = stats;
        this.tracker = tracker;
    }

    @Override
    public Health health() {
        PathHealth h = tracker.health(stats.path().name());
        WindowSnapshot w = stats.snapshot(DETAIL_WINDOW);
        Health.Builder health = Health.status(status(h.state()))
                .withDetail("target", stats.path().target())
                .withDetail("state", h.state())
                .withDetail("stateSince", h.since().toString())
                .withDetail("reasons", h.reasons())
                .withDetail("window", w)
                .withDetail("mode", stats.path().mode().key());
        if (stats.path().streams()) {
            health.withDetail("stream", stats.stream());
        }
        Instant hang = stats.openHangSince();
        if (hang != null) {
            health.withDetail("hangOpenSince", hang.toString());
        }
        return health.build();
    }

    static Status status(PathState state) {
        return switch (state) {
            case OK -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> Status.DOWN;
            case UNKNOWN -> Status.UNKNOWN;
        };
    }
}
