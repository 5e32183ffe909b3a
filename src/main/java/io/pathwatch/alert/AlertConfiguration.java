package io.pathwatch.alert;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.AgentConditions;
import io.pathwatch.health.PathHealthTracker;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The alert manager with its sinks, listening to every path's health. */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

    @Bean(destroyMethod = "close")
    AlertManager alertManager(AlertSettings settings, PathHealthTracker health, AgentConditions conditions) {
        JsonMapper json = JsonMapper.builder().build();
        AlertManager manager = new AlertManager(settings, health.paths(), AlertManager.sinks(settings, json), p -> health.health(p).rules(), conditions::active,
                Clock.systemUTC(), json);
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
