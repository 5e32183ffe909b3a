package io.pathwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What CloudWatch export costs, as gauges: a dashboard beside the other figures shows what turning
 * export on (or keeping it on) would cost as paths come and go, the same estimate as
 * {@code GET /api/metrics/cost}.
 */
final class CostMeters implements MeterBinder {

    private final MetricsCost cost;

    CostMeters(MetricsCost cost) {
        this.cost = cost;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(MeterNames.CLOUDWATCH_COST, cost, c -> c.estimate().totalUsdPerMonth())
                .description("estimated CloudWatch cost of this agent's metrics, USD a month, whether export is on or not (GET /api/metrics/cost)")
                .register(registry);
        Gauge.builder(MeterNames.CLOUDWATCH_METRICS, cost, c -> c.estimate().metrics())
                .description("CloudWatch custom metrics this agent creates (or would, with export on)")
                .register(registry);
        Gauge.builder(MeterNames.CLOUDWATCH_ENABLED, cost, c -> c.estimate().enabled() ? 1 : 0)
                .description("1 if CloudWatch export is on (pathwatch.cloudwatch.enabled)")
                .register(registry);
    }
}
