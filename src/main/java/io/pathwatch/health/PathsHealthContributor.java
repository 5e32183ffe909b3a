package io.pathwatch.health;

import io.pathwatch.stats.StatsRegistry;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * {@code /actuator/health/paths}: a child per path the registry holds at the moment of the
 * request, so paths added or removed by a reload appear and disappear without a restart.
 */
final class PathsHealthContributor implements CompositeHealthContributor {

    private final StatsRegistry registry;
    private final PathHealthTracker tracker;

    PathsHealthContributor(StatsRegistry registry, PathHealthTracker tracker) {
        this.registry = registry;
        this.tracker = tracker;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.get(name).map(s -> new PathHealthIndicator(s, tracker)).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return registry.all().stream().map(s -> new Entry(s.path().name(), new PathHealthIndicator(s, tracker)));
    }
}
