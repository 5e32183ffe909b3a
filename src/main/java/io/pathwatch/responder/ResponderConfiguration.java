package io.pathwatch.responder;

import io.pathwatch.config.PathwatchProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The responder runs unless {@code pathwatch.responder.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "pathwatch.responder", name = "enabled", matchIfMissing = true)
class ResponderConfiguration {

    @Bean
    ResponderServer responderServer(PathwatchProperties props) {
        return new ResponderServer(props.responder(), props.auth().secret());
    }

    /** Part of readiness: an end that should answer probes is not ready until it listens. */
    @Bean
    HealthIndicator responderHealthIndicator(ResponderServer server) {
        return () -> (server.isRunning() ? Health.up() : Health.down())
                .withDetail("port", server.port())
                .withDetail("transport", server.transport().name().toLowerCase())
                .withDetail("activeConnections", server.activeConnections())
                .withDetail("connectionsAccepted", server.connectionsAccepted())
                .withDetail("idleClosed", server.idleClosed())
                .withDetail("rejectedConnections", server.rejectedConnections())
                .withDetail("echoes", server.echoes())
                .withDetail("authFailures", server.authFailures())
                .withDetail("protocolRejects", server.protocolRejects())
                .build();
    }
}
