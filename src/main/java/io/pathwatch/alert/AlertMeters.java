package io.pathwatch.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pathwatch.alerts.merged}, and per sink {@code pathwatch.alerts.pending} and
 * {@code pathwatch.alerts.dropped}; a sink a reload adds gets its meters, a removed one loses them.
 */
final class AlertMeters implements MeterBinder {

    private final AlertManager manager;
    private final Map<String, List<Meter>> bySink = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    AlertMeters(AlertManager manager) {
        this.manager = manager;
        manager.onSinksChanged(this::follow);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("pathwatch.alerts.merged", manager, AlertManager::mergedEvents)
                .description("events merged with others of their path because alerting fell behind (none dropped)").register(registry);
        follow(manager.sinks().keySet());
    }

    private synchronized void follow(Set<String> sinks) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        bySink.keySet().removeIf(name -> {
            if (sinks.contains(name)) {
                return false;
            }
            bySink.get(name).forEach(r::remove);
            return true;
        });
        for (String sink : sinks) {
            bySink.computeIfAbsent(sink, name -> List.of(
                    Gauge.builder("pathwatch.alerts.pending", manager, m -> figure(m, name, "pending"))
                            .tag("sink", name).description("alerts spooled and not yet delivered").register(r),
                    FunctionCounter.builder("pathwatch.alerts.dropped", manager, m -> figure(m, name, "dropped"))
                            .tag("sink", name).description("undelivered alerts dropped because the spool was full").register(r)));
        }
    }

    private static double figure(AlertManager m, String sink, String key) {
        Map<String, Object> s = m.sinks().get(sink);
        return s == null ? Double.NaN : ((Number) s.get(key)).doubleValue();
    }
}
