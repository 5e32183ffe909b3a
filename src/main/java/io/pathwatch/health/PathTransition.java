package io.pathwatch.health;

import java.time.Instant;
import java.util.List;

/**
 * A path changed state.
 *
 * @param active  the rules in effect after the change, with the figures that put them there
 * @param cleared the rules that just let go, with their last figures
 */
public record PathTransition(String path, PathState from, PathState to, Instant at, List<RuleFiring> active, List<RuleFiring> cleared) {

    public PathTransition {
        active = List.copyOf(active);
        cleared = List.copyOf(cleared);
    }
}
