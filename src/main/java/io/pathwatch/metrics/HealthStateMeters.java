package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.PathState;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code pathwatch.health.state} per path, the figure CloudWatch alarms watch; it follows the paths a reload adds and removes. */
final class HealthStateMeters implements MeterBinder, PathLifecycle {

    private final PathHealthTracker health;
    private final StatsRegistry stats;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    HealthStateMeters(PathHealthTracker health, StatsRegistry stats) {
        this.health = health;
        this.stats = stats;
        stats.addLifecycleListener(this);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (PathStats p : stats.all()) {
            register(p.path().name(), registry);
        }
    }

    private void register(String path, MeterRegistry registry) {
        gauges.put(path, Gauge.builder(MeterNames.HEALTH_STATE, health, h -> level(h.health(path).state()))
                .tag(MeterNames.TAG_PATH, path)
                .description("path health: 0 OK, 1 DEGRADED, 2 DOWN; no value while UNKNOWN")
                .register(registry));
    }

    @Override
    public void pathAdded(PathSpec path) {
        MeterRegistry r = registry;
        if (r != null) {
            register(path.name(), r);
        }
    }

    @Override
    public void pathRemoved(PathSpec path, String reason) {
        Gauge g = gauges.remove(path.name());
        MeterRegistry r = registry;
        if (g != null && r != null) {
            r.remove(g);
        }
    }

    static double level(PathState state) {
        return state == PathState.UNKNOWN ? Double.NaN : state.level();
    }
}
