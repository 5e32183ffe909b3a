package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Health rules and baselines ({@code pathwatch.health.*}).
 *
 * @param baseline how paths learn their normal
 * @param rules    rules over the shipped ones ({@link #SHIPPED}), merged by name; default none
 */
public record HealthProperties(
        @Valid @NotNull @DefaultValue BaselineProperties baseline,
        @Valid @NotNull @DefaultValue List<RuleProperties> rules) {

    /**
     * The rules every path gets unless it overrides them. Relative to the path's own baseline
     * plus an absolute margin, so they hold for a 0.2 ms LAN path and a 200 ms intercontinental
     * path alike; every rule needs two windows, so a single bad window never moves the state
     * (hangs: two windows with a hang within twelve).
     */
    public static final List<RuleProperties> SHIPPED = List.of(
            RuleProperties.of("down", "connect.failure_ratio", ">= 100%", "DOWN", 2, 1),
            RuleProperties.of("failures", "connect.failure_ratio", ">= 20%", "DEGRADED", 2, 3),
            RuleProperties.of("loss", "loss", ">= 2%", "DEGRADED", 2, 3),
            RuleProperties.of("latency", "rtt.p50", "> baseline * 1.3 + 2ms", "DEGRADED", 2, 3),
            RuleProperties.of("tail-latency", "rtt.p99", "> baseline * 2 + 10ms", "DEGRADED", 3, 3),
            RuleProperties.of("jitter", "jitter", "> baseline * 3 + 5ms", "DEGRADED", 3, 3),
            RuleProperties.of("hangs", "hangs", ">= 1", "DEGRADED", 2, 12, 12),
            RuleProperties.of("disconnects", "stream.disconnects", ">= 1", "DEGRADED", 2, 6));

    /**
     * What a connect-mode path's shipped latency rules watch instead of echo RTT: its connect
     * time, against its own baseline, with the same margins.
     */
    static final List<RuleProperties> CONNECT_OVERRIDES = List.of(
            new RuleProperties("latency", "connect.p50", null, null, null, null, null, null),
            new RuleProperties("tail-latency", "connect.p99", null, null, null, null, null, null));

    /** Shipped rules, then these, then the path's, merged by name; disabled ones dropped. */
    public List<RuleProperties> effectiveRules(List<RuleProperties> pathRules) {
        return effectiveRules(pathRules, PathProperties.Mode.STREAM);
    }

    /**
     * The rules of a path probed in {@code mode}. A connect-mode path's shipped latency rules
     * watch connect time; every rule (shipped or from {@code pathwatch.health.rules}) on a figure
     * only a responder gives is left out, so it neither fires nor clears.
     */
    public List<RuleProperties> effectiveRules(List<RuleProperties> pathRules, PathProperties.Mode mode) {
        Map<String, RuleProperties> merged = new LinkedHashMap<>();
        SHIPPED.forEach(r -> merged.put(r.name(), r));
        if (mode == PathProperties.Mode.CONNECT) {
            CONNECT_OVERRIDES.forEach(r -> merged.put(r.name(), r.over(merged.get(r.name()))));
        }
        for (List<RuleProperties> layer : List.of(rules, pathRules)) {
            for (RuleProperties r : layer) {
                RuleProperties base = merged.get(r.name());
                merged.put(r.name(), base == null ? r : r.over(base));
            }
        }
        List<RuleProperties> on = new ArrayList<>();
        merged.values().stream().filter(RuleProperties::isOn)
                .filter(r -> mode != PathProperties.Mode.CONNECT || !r.needsStream()).forEach(on::add);
        return on;
    }

    /** Every merged rule is complete: a new name needs figure, when, state, for and clear-for; within is at least for. */
    boolean complete(List<RuleProperties> pathRules) {
        return complete(pathRules, PathProperties.Mode.STREAM);
    }

    boolean complete(List<RuleProperties> pathRules, PathProperties.Mode mode) {
        return effectiveRules(pathRules, mode).stream().allMatch(RuleProperties::complete);
    }
}
