package io.pathwatch.responder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.config.PathwatchProperties;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The responder runs unless {@code pathwatch.responder.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "pathwatch.responder", name = "enabled", matchIfMissing = true)
class ResponderConfiguration {

    /** The health lists this many connected probers at most, the busiest first. */
    static final int PROBERS_SHOWN = 50;

    @Bean
    ResponderServer responderServer(PathwatchProperties props) {
        return new ResponderServer(props.responder(), props.auth().secret(), props.auth().previousSecret());
    }

    /** Part of readiness: an end that should answer probes is not ready until it listens. */
    @Bean
    HealthIndicator responderHealthIndicator(ResponderServer server) {
        return () -> (server.isRunning() ? Health.up() : Health.down())
                .withDetail("port", server.port())
                .withDetail("proxyProtocol", server.proxyProtocol())
                .withDetail("transport", server.transport().name().toLowerCase())
                .withDetail("activeConnections", server.activeConnections())
                .withDetail("unauthenticatedConnections", server.unauthenticatedConnections())
                .withDetail("connectionsAccepted", server.connectionsAccepted())
                .withDetail("idleClosed", server.idleClosed())
                .withDetail("rejectedConnections", server.rejectedConnections())
                .withDetail("evictedAtLimit", server.evictedAtLimit())
                .withDetail("evictedPerSource", server.evictedPerSource())
                .withDetail("helloTimeouts", server.helloTimeouts())
                .withDetail("proxyHeaderInvalid", server.proxyHeaderInvalid())
                .withDetail("proxyUntrusted", server.proxyUntrusted())
                .withDetail("proxyHeaderTimeouts", server.proxyHeaderTimeouts())
                .withDetail("writeStalled", server.writeStalled())
                .withDetail("queuedReplyBytes", server.queuedReplyBytes())
                .withDetail("connectionsOnPreviousSecret", server.onPreviousSecret())
                .withDetail("probers", server.probers(PROBERS_SHOWN))
                .withDetail("echoes", server.echoes())
                .withDetail("authFailures", server.authFailures())
                .withDetail("protocolRejects", server.protocolRejects())
                .withDetail("peerInfo", server.peerInfoRequests())
                .build();
    }

    /** Why the responder closed or refused connections, as counters a dashboard or an alarm can read. */
    @Bean
    MeterBinder responderMeters(ResponderServer server) {
        return registry -> {
            closed(registry, server, "refused_full", ResponderServer::rejectedConnections);
            closed(registry, server, "evicted_at_limit", ResponderServer::evictedAtLimit);
            closed(registry, server, "evicted_per_source", ResponderServer::evictedPerSource);
            closed(registry, server, "hello_timeout", ResponderServer::helloTimeouts);
            closed(registry, server, "proxy_header_invalid", ResponderServer::proxyHeaderInvalid);
            closed(registry, server, "proxy_untrusted", ResponderServer::proxyUntrusted);
            closed(registry, server, "proxy_header_timeout", ResponderServer::proxyHeaderTimeouts);
            closed(registry, server, "write_stalled", ResponderServer::writeStalled);
            closed(registry, server, "idle", ResponderServer::idleClosed);
            closed(registry, server, "auth_failed", ResponderServer::authFailures);
            Gauge.builder("pathwatch.responder.connections", server, ResponderServer::activeConnections)
                    .description("connections the responder serves now").register(registry);
            Gauge.builder("pathwatch.responder.queued.reply.bytes", server, ResponderServer::queuedReplyBytes)
                    .description("reply bytes queued for peers that have not taken them yet").baseUnit("bytes").register(registry);
        };
    }

    private static void closed(MeterRegistry registry, ResponderServer server, String reason, ToDoubleFunction<ResponderServer> count) {
        FunctionCounter.builder("pathwatch.responder.connections.closed", server, count)
                .description("connections the responder closed or refused, by reason").tag("reason", reason).register(registry);
    }
}
