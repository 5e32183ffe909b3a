package io.pathwatch.health;

import java.time.Instant;
import java.util.List;

/**
 * A path's state, since when, and why.
 *
 * @param rules      the rules in effect, each with its latest verdict (empty when OK)
 * @param overloaded why the last window was not judged, when the prober itself lagged; null otherwise
 */
public record PathHealth(PathState state, Instant since, List<RuleFiring> rules, String overloaded) {

    public PathHealth {
        rules = List.copyOf(rules);
    }

    public PathHealth(PathState state, Instant since, List<RuleFiring> rules) {
        this(state, since, rules, null);
    }

    /** The rules in effect, in words; first, if the prober was overloaded, that the last window was not judged. */
    public List<String> reasons() {
        List<String> texts = rules.stream().map(RuleFiring::text).toList();
        if (overloaded == null) {
            return texts;
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(overloaded);
        all.addAll(texts);
        return all;
    }
}
