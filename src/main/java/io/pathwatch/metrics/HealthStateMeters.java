package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.BaselineView;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.PathState;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pathwatch.health.state} per path, the figure CloudWatch alarms watch, and the rtt
 * baselines its rules compare with; they follow the paths a reload adds and removes.
 */
final class HealthStateMeters implements MeterBinder, PathLifecycle {

    private final PathHealthTracker health;
    private final StatsRegistry stats;
    private final Map<String, List<Gauge>> gauges = new ConcurrentHashMap<>();
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
        gauges.put(path, List.of(Gauge.builder(MeterNames.HEALTH_STATE, health, h -> level(h.health(path).state()))
                        .tag(MeterNames.TAG_PATH, path)
                        .description("path health: 0 OK, 1 DEGRADED, 2 DOWN; no value while UNKNOWN")
                        .register(registry),
                baseline(MeterNames.BASELINE_RTT_P50, "rtt.p50", path, registry),
                baseline(MeterNames.BASELINE_RTT_P99, "rtt.p99", path, registry)));
    }

    /** The baseline a relative rule on {@code figure} compares with, so a chart can draw the line the path is judged against. */
    private Gauge baseline(String name, String figure, String path, MeterRegistry registry) {
        return Gauge.builder(name, health, h -> {
                    BaselineView b = h.baselines(path).get(figure);
                    return b == null || b.value() == null ? Double.NaN : b.value() / 1000;
                }).tag(MeterNames.TAG_PATH, path).baseUnit("seconds")
                .description("the learned baseline of " + figure + " the path's rules compare with; no value until learned")
                .register(registry);
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
        List<Gauge> g = gauges.remove(path.name());
        MeterRegistry r = registry;
        if (g != null && r != null) {
            g.forEach(r::remove);
        }
    }

    static double level(PathState state) {
        return state == PathState.UNKNOWN ? Double.NaN : state.level();
    }
}
