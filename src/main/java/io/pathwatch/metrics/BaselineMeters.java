package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.RuleFigure;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pathwatch.baseline{figure}}: the learned normal of the latency figures the dashboard draws
 * beside the live ones, so a graph shows "205 ms against its usual 204 ms" without a second query
 * language. Only the figures a relative rule watches have a baseline; the others stay NaN (not
 * exported), as does a baseline still learning.
 */
final class BaselineMeters implements MeterBinder, PathLifecycle {

    /** Milliseconds figures worth a line beside their live value; ratios and counts read better as they are. */
    static final List<RuleFigure> FIGURES = List.of(RuleFigure.RTT_P50, RuleFigure.RTT_P99, RuleFigure.JITTER);

    private final PathHealthTracker health;
    private final StatsRegistry stats;
    private final Map<String, List<Gauge>> gauges = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    BaselineMeters(PathHealthTracker health, StatsRegistry stats) {
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
        gauges.put(path, FIGURES.stream().map(figure -> Gauge.builder(MeterNames.BASELINE, health, h -> h.baseline(path, figure) / 1000.0)
                .tag(MeterNames.TAG_PATH, path)
                .tag(MeterNames.TAG_FIGURE, figure.key())
                .baseUnit("seconds")
                .description("the learned baseline of a latency figure (median of the baseline horizon); none while learning")
                .register(registry)).toList());
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
}
