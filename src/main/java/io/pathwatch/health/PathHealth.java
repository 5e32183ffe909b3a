package io.pathwatch.health;

import java.time.Instant;
import java.util.List;

/**
 * A path's state, since when, and why.
 *
 * @param rules   the rules in effect, each with its latest verdict (empty when OK)
 */
public record PathHealth(PathState state, Instant since, List<RuleFiring> rules) {

    public PathHealth {
        rules = List.copyOf(rules);
    }

    /** The rules in effect, in words. */
    public List<String> reasons() {
        return rules.stream().map(RuleFiring::text).toList();
    }
}
