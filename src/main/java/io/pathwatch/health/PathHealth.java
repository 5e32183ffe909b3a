package io.pathwatch.health;

import java.time.Instant;
import java.util.List;

/** A path's state, since when, and why (empty when OK). */
public record PathHealth(PathState state, Instant since, List<String> reasons) {

    public PathHealth {
        reasons = List.copyOf(reasons);
    }
}
