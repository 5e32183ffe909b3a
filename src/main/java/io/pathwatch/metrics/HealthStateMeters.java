package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.PathState;

/** {@code pathwatch.health.state} per path, the figure CloudWatch alarms watch. */
final class HealthStateMeters implements MeterBinder {

    private final PathHealthTracker health;

    HealthStateMeters(PathHealthTracker health) {
        this.health = health;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String path : health.paths()) {
            Gauge.builder(MeterNames.HEALTH_STATE, health, h -> level(h.health(path).state()))
                    .tag(MeterNames.TAG_PATH, path)
                    .description("path health: 0 OK, 1 DEGRADED, 2 DOWN; no value while UNKNOWN")
                    .register(registry);
        }
    }

    static double level(PathState state) {
        return state == PathState.UNKNOWN ? Double.NaN : state.level();
    }
}
