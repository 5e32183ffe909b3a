package io.pathwatch;

import io.pathwatch.health.HealthRules;
import io.pathwatch.path.PathSpec;
import java.util.List;

/** The paths and rules configured at start-up; afterwards reloads and discovery change the set through {@code StatsRegistry.apply}. */
record PathCatalog(List<PathSpec> paths, HealthRules rules) {

    PathCatalog {
        paths = List.copyOf(paths);
    }
}
