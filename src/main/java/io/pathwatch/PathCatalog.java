package io.pathwatch;

import io.pathwatch.path.PathSpec;
import java.util.List;

/** The paths this agent probes, fixed at start-up. */
record PathCatalog(List<PathSpec> paths) {

    PathCatalog {
        paths = List.copyOf(paths);
    }
}
