package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFigure;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the health tracker knows of each path, as gauges: {@code pathwatch.health.state}, the
 * figure CloudWatch alarms watch, and {@code pathwatch.baseline{figure}}, the learned normal of the
 * latency figures a dashboard draws beside the live ones (NaN while learning, or where no relative
 * rule watches the figure). They follow the paths a reload adds and removes.
 */
final class HealthStateMeters implements MeterBinder, PathLifecycle {

    private final PathHealthTracker health;
    private final StatsRegistry stats;
    /** Milliseconds figures worth a line beside their live value; ratios and counts read better as they are. */
    static final List<RuleFigure> BASELINE_FIGURES = List.of(RuleFigure.RTT_P50, RuleFigure.RTT_P99, RuleFigure.JITTER);

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
        List<Gauge> all = new ArrayList<>();
        all.add(Gauge.builder(MeterNames.HEALTH_STATE, health, h -> level(h.health(path).state()))
                .tag(MeterNames.TAG_PATH, path)
                .description("path health: 0 OK, 1 DEGRADED, 2 DOWN; no value while UNKNOWN")
                .register(registry));
        for (RuleFigure figure : BASELINE_FIGURES) {
            all.add(Gauge.builder(MeterNames.BASELINE, health, h -> h.baseline(path, figure) / 1000.0)
                    .tag(MeterNames.TAG_PATH, path)
                    .tag(MeterNames.TAG_FIGURE, figure.key())
                    .baseUnit("seconds")
                    .description("the learned baseline of a latency figure (median of the baseline horizon); none while learning")
                    .register(registry));
        }
        gauges.put(path, List.copyOf(all));
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
