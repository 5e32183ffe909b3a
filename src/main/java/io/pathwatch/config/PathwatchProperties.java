package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code pathwatch.*}.
 *
 * @param agent     this end ({@code pathwatch.agent.*})
 * @param auth      the shared HELLO secret ({@code pathwatch.auth.*})
 * @param responder the responder ({@code pathwatch.responder.*})
 * @param probe     defaults for every path ({@code pathwatch.probe.*})
 * @param paths     the monitored paths ({@code pathwatch.paths[i].*}); default none
 * @param demo      the built-in demo, used only when no path is configured
 * @param health    health rules and baselines ({@code pathwatch.health.*})
 * @param alerts    alert delivery ({@code pathwatch.alerts.*})
 * @param api       pathwatch's HTTP API ({@code pathwatch.api.*}): an optional token for write requests
 * @param discovery paths found in AWS instead of listed ({@code pathwatch.discovery.*}); default off
 * @param stateDir  what must survive a restart lives here: undelivered alerts, open incidents, learned
 *                  baselines; default {@code pathwatch-state} (relative to the working directory)
 */
@Validated
@ConfigurationProperties("pathwatch")
public record PathwatchProperties(
        @Valid @NotNull @DefaultValue AgentProperties agent,
        @Valid @NotNull @DefaultValue AuthProperties auth,
        @Valid @NotNull @DefaultValue ResponderProperties responder,
        @Valid @NotNull @DefaultValue ProbeProperties probe,
        @Valid @NotNull @DefaultValue List<PathProperties> paths,
        @Valid @NotNull @DefaultValue DemoProperties demo,
        @Valid @NotNull @DefaultValue HealthProperties health,
        @Valid @NotNull @DefaultValue AlertProperties alerts,
        @Valid @NotNull @DefaultValue ApiProperties api,
        @Valid @NotNull @DefaultValue DiscoveryProperties discovery,
        @NotNull @DefaultValue("pathwatch-state") Path stateDir) {

    /** Path names become metric tags and URL segments, so two paths may not share one. */
    @AssertTrue(message = "pathwatch.paths[*].name must be unique")
    public boolean isPathNamesUnique() {
        Set<String> seen = new HashSet<>();
        return paths.stream().allMatch(p -> p.name() == null || seen.add(p.name()));
    }

    /** After merging, every rule of every path names its figure, condition, state, for and clear-for. */
    @AssertTrue(message = "pathwatch.health.rules / pathwatch.paths[*].rules: merged by name, each rule needs figure, when (in units that suit the figure), "
            + "state, for and clear-for, and within may not be less than for")
    public boolean isRulesComplete() {
        return health.complete(List.of()) && paths.stream().allMatch(p -> health.complete(p.rules(), p.mode()));
    }

    /** Each path's overrides, merged with the defaults, must obey the rules of {@code pathwatch.probe}. */
    @AssertTrue(message = "pathwatch.paths[*]: with its overrides each path's heartbeat must stay shorter than its hang-threshold and its timeout, "
            + "its hang-threshold shorter than its stream-give-up, its stream-give-up longer than its timeout and at most "
            + ProbeProperties.MAX_OUTSTANDING_HEARTBEATS + " heartbeats, and its window whole seconds")
    public boolean isPathSettingsConsistent() {
        return paths.stream().map(p -> p.settings(probe)).allMatch(ProbeProperties::valid);
    }
}
