package io.pathwatch.metrics;

import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.stats.StatsRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The meter binders, the scrape's bucket set, and what CloudWatch export would cost (said at start-up, on or off). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MetricsConfiguration.class);

    @Bean
    MetricsCost metricsCost(CloudWatchProperties props, StatsRegistry stats) {
        MetricsCost cost = new MetricsCost(props, () -> stats.all().size());
        if (!props.enabled()) {
            log.info("CloudWatch export is off (pathwatch.cloudwatch.enabled); on, it would be: {}", cost.summary());
        }
        return cost;
    }

    /** Compact latency histograms in the scrape, unless asked for the fine ones (a few paths, full resolution). */
    @Bean
    MeterRegistryCustomizer<PrometheusMeterRegistry> prometheusBuckets(HistogramProperties props) {
        return registry -> compact(registry, props);
    }

    /** The same buckets in the OTLP push: a collector's remote-write would otherwise carry ~300 series a path. */
    @Bean
    MeterRegistryCustomizer<OtlpMeterRegistry> otlpBuckets(HistogramProperties props) {
        return registry -> compact(registry, props);
    }

    private static void compact(MeterRegistry registry, HistogramProperties props) {
        if (!props.fineHistograms()) {
            registry.config().meterFilter(new HistogramBuckets(props.histogramBuckets()));
        }
    }

    @Bean
    HealthStateMeters healthStateMeters(PathHealthTracker health, StatsRegistry stats) {
        return new HealthStateMeters(health, stats);
    }

    @Bean
    CostMeters costMeters(MetricsCost cost) {
        return new CostMeters(cost);
    }

    @Bean
    PathMeters pathMeters(StatsRegistry stats) {
        PathMeters meters = new PathMeters(stats);
        stats.addWindowListener(meters);
        stats.addLifecycleListener(meters);
        return meters;
    }
}
