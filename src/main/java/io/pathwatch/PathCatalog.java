package io.pathwatch;

import io.pathwatch.health.HealthRules;
import io.pathwatch.path.PathSpec;
import java.util.List;

/** The paths this agent probes and the rules it judges them by, fixed at start-up. */
record PathCatalog(List<PathSpec> paths, HealthRules rules) {

    PathCatalog {
        paths = List.copyOf(paths);
    }
}
