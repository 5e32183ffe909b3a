package io.pathwatch.metrics;

import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.stats.StatsRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The meter binders. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    HealthStateMeters healthStateMeters(PathHealthTracker health) {
        return new HealthStateMeters(health);
    }

    @Bean
    PathMeters pathMeters(StatsRegistry stats) {
        PathMeters meters = new PathMeters(stats);
        stats.addWindowListener(meters);
        return meters;
    }
}
