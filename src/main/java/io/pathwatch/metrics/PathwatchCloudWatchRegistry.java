package io.pathwatch.metrics;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * Micrometer's CloudWatch registry, configured by us, for its step schedule and lifecycle (close
 * publishes the last partial step); what it publishes is ours: {@link CloudWatchPublisher} sends
 * the figures of the sealed windows, RTT and connect time as value/count arrays, where
 * Micrometer's own timers would send only sum, count, average and max. It holds no meter but the
 * heartbeat, whose {@code agent} tag (every meter's common tag) names this agent.
 */
final class PathwatchCloudWatchRegistry extends CloudWatchMeterRegistry {

    /** The last publish, at shutdown, waits at most this per request, so stopping stays quick. */
    static final java.time.Duration LAST_PUBLISH = java.time.Duration.ofSeconds(3);

    private volatile CloudWatchPublisher publisher;
    private volatile boolean closing;

    PathwatchCloudWatchRegistry(CloudWatchConfig config, CloudWatchAsyncClient client) {
        super(config, Clock.SYSTEM, client);
        config().meterFilter(MeterFilter.denyUnless(id -> MeterNames.HEARTBEAT.equals(id.getName())));
    }

    void publishWith(CloudWatchPublisher publisher) {
        this.publisher = publisher;
    }

    /** The agent tag this registry's meters carry, or null before any is bound. */
    String agent() {
        Gauge heartbeat = find(MeterNames.HEARTBEAT).gauge();
        return heartbeat == null ? null : heartbeat.getId().getTag(MeterNames.TAG_AGENT);
    }

    @Override
    protected void publish() {
        CloudWatchPublisher p = publisher;
        if (p != null) {
            if (closing) {
                p.publish(LAST_PUBLISH);
            } else {
                p.publish();
            }
        }
    }

    /** Micrometer's close publishes the last partial step; it is bounded here. */
    @Override
    public void close() {
        closing = true;
        super.close();
    }
}
