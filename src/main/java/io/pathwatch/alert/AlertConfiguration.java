package io.pathwatch.alert;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.AgentConditions;
import io.pathwatch.health.PathHealthTracker;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The alert manager with its sinks, listening to every path's health. */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

    /**
     * With discovery, a path with an open incident may be found again only after start-up: its
     * incident waits this long for the first refreshes (a failed one is retried sooner) before it resolves as no longer monitored.
     */
    static final Duration DISCOVERED_PATHS_GRACE = Duration.ofMinutes(15);

    @Bean(destroyMethod = "close")
    AlertManager alertManager(AlertSettings settings, PathHealthTracker health, AgentConditions conditions,
            @Value("${pathwatch.discovery.aws.vpc-endpoints.enabled:false}") boolean discovery) {
        JsonMapper json = JsonMapper.builder().build();
        AlertManager manager = new AlertManager(settings, health.paths(), AlertManager.sinks(settings, json), p -> health.health(p).rules(), conditions::active,
                Clock.systemUTC(), json, discovery ? DISCOVERED_PATHS_GRACE : Duration.ZERO);
        health.addListener(manager);
        return manager;
    }

    /** What alerting itself does: events merged while it fell behind, and each sink's backlog (following the sinks a reload changes). */
    @Bean
    MeterBinder alertMeters(AlertManager manager) {
        return new AlertMeters(manager);
    }

    @Bean
    HangAlerts hangAlerts(AlertManager manager) {
        return new HangAlerts(manager);
    }
}
