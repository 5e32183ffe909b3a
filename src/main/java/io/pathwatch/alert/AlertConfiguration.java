package io.pathwatch.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.health.AgentConditions;
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
    AlertManager alertManager(AlertSettings settings, PathHealthTracker health, AgentConditions conditions) {
        JsonMapper json = JsonMapper.builder().build();
        List<AlertSink> sinks = new ArrayList<>();
        settings.webhooks().forEach(w -> sinks.add(new WebhookSink(w, json)));
        if (settings.sns() != null) {
            sinks.add(new SnsSink(settings.sns(), json));
        }
        AlertManager manager = new AlertManager(settings, health.paths(), sinks, p -> health.health(p).rules(), conditions::active,
                Clock.systemUTC(), json);
        health.addListener(manager);
        return manager;
    }

    /** What alerting itself does: events merged while it fell behind, and each sink's backlog. */
    @Bean
    MeterBinder alertMeters(AlertManager manager) {
        return registry -> {
            FunctionCounter.builder("pathwatch.alerts.merged", manager, AlertManager::mergedEvents)
                    .description("events merged with others of their path because alerting fell behind (none dropped)").register(registry);
            for (String sink : manager.sinks().keySet()) {
                Gauge.builder("pathwatch.alerts.pending", manager, m -> ((Number) m.sinks().get(sink).get("pending")).doubleValue())
                        .tag("sink", sink).description("alerts spooled and not yet delivered").register(registry);
                FunctionCounter.builder("pathwatch.alerts.dropped", manager, m -> ((Number) m.sinks().get(sink).get("dropped")).doubleValue())
                        .tag("sink", sink).description("undelivered alerts dropped because the spool was full").register(registry);
            }
        };
    }

    @Bean
    HangAlerts hangAlerts(AlertManager manager) {
        return new HangAlerts(manager);
    }
}
