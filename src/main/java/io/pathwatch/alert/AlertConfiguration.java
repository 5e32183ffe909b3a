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
     * incident waits for the first refreshes before it resolves as no longer monitored. At least
     * 15 minutes, and five intervals: a refresh throttled twice at start-up (a fleet upgraded at
     * once) comes three intervals later, give or take its jitter.
     */
    static Duration discoveredPathsGrace(Duration interval) {
        Duration five = interval.multipliedBy(5);
        return five.compareTo(Duration.ofMinutes(15)) > 0 ? five : Duration.ofMinutes(15);
    }

    @Bean(destroyMethod = "close")
    AlertManager alertManager(AlertSettings settings, PathHealthTracker health, AgentConditions conditions,
            @Value("${pathwatch.discovery.aws.vpc-endpoints.enabled:false}") boolean discovery,
            @Value("${pathwatch.discovery.aws.interval:5m}") Duration discoveryInterval) {
        JsonMapper json = JsonMapper.builder().build();
        AlertManager manager = new AlertManager(settings, health.paths(), AlertManager.sinks(settings, json), p -> health.health(p).rules(), conditions::active,
                Clock.systemUTC(), json, discovery ? discoveredPathsGrace(discoveryInterval) : Duration.ZERO);
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
