package io.pathwatch.alert;

import io.pathwatch.health.PathHealthTracker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The alert manager with its sinks, listening to every path's health. */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

    @Bean(destroyMethod = "close")
    AlertManager alertManager(AlertSettings settings, PathHealthTracker health) {
        JsonMapper json = JsonMapper.builder().build();
        List<AlertSink> sinks = new ArrayList<>();
        settings.webhooks().forEach(w -> sinks.add(new WebhookSink(w, json)));
        if (settings.sns() != null) {
            sinks.add(new SnsSink(settings.sns(), json));
        }
        AlertManager manager = new AlertManager(settings, health.paths(), sinks, p -> health.health(p).rules(), Clock.systemUTC(), json);
        health.addListener(manager);
        return manager;
    }

    @Bean
    HangAlerts hangAlerts(AlertManager manager) {
        return new HangAlerts(manager);
    }
}
