package io.pathwatch.health;

import io.pathwatch.stats.StatsRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code paths} health contributor (one child per path). It is its own health group; the
 * liveness and readiness groups never include it, so a dead path never gets pathwatch restarted.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean(destroyMethod = "close")
    PathHealthTracker pathHealthTracker(StatsRegistry registry, HealthRules rules) {
        return new PathHealthTracker(registry, rules, Clock.systemUTC());
    }

    /** The agent's own local errors, for its health and for agent alerts. */
    @Bean
    AgentLocalErrors agentLocalErrors(StatsRegistry registry) {
        return new AgentLocalErrors(registry);
    }

    /** {@code /actuator/health/pathwatch}: the prober itself, judged by the strictest max-self-lag of its paths. */
    @Bean("pathwatch")
    AgentHealthIndicator pathwatchHealthContributor(StatsRegistry registry, AgentLocalErrors localErrors) {
        return new AgentHealthIndicator(registry, () -> strictestSelfLag(registry), localErrors);
    }

    /** The agent's own conditions; {@code overloaded} and {@code local_error} are judged here, other packages add theirs. */
    @Bean
    AgentConditions agentConditions(StatsRegistry registry, AgentLocalErrors localErrors) {
        AgentConditions conditions = new AgentConditions();
        conditions.register("overloaded", new Overload(registry, () -> strictestSelfLag(registry))::detail);
        conditions.register("local_error", () -> {
            LocalErrorState s = localErrors.now();
            // holds while they keep coming (one in the last 10 s), so that a lone ENOBUFS is not a page: it must go on 30 s
            boolean fresh = s.lastAt() != null && Duration.between(s.lastAt(), java.time.Instant.now()).compareTo(LOCAL_ERROR_FRESH) <= 0;
            return s.lastMinute() == 0 || !fresh ? null
                    : s.lastMinute() + " local error(s) in the last minute " + s.lastMinuteByCause() + " (last on path " + s.lastPath() + ": "
                            + s.lastDetail() + "): the agent's host, not the paths (ephemeral ports, file descriptors, memory)";
        });
        return conditions;
    }

    static final Duration LOCAL_ERROR_FRESH = Duration.ofSeconds(10);

    private static Duration strictestSelfLag(StatsRegistry registry) {
        return registry.all().stream().map(s -> s.path().settings().maxSelfLag()).min(Duration::compareTo).orElse(Duration.ofMillis(50));
    }

    /** One child per path configured now: read from the registry at each request, so a reload shows at once. */
    @Bean
    CompositeHealthContributor pathsHealthContributor(StatsRegistry registry, PathHealthTracker tracker) {
        return new PathsHealthContributor(registry, tracker);
    }
}
