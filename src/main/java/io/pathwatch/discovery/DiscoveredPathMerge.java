package io.pathwatch.discovery;

import io.pathwatch.config.PathProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths to run: the configured ones, then the discovered ones whose names are free. A static
 * path wins a name clash, so a discovered endpoint can never replace what an operator typed in.
 */
public final class DiscoveredPathMerge {

    /**
     * @param paths    the configured paths in their order, then the discovered ones that were adopted
     * @param clashing names of discovered paths left out because a configured path has that name, in discovery order
     */
    public record Merged(List<PathProperties> paths, List<String> clashing) {
    }

    private DiscoveredPathMerge() {
    }

    public static Merged merge(List<PathProperties> statics, List<PathProperties> discovered) {
        Set<String> taken = new HashSet<>();
        List<PathProperties> all = new ArrayList<>(statics);
        statics.forEach(p -> taken.add(p.name()));
        List<String> clashing = new ArrayList<>();
        for (PathProperties p : discovered) {
            if (taken.add(p.name())) {
                all.add(p);
            } else {
                clashing.add(p.name());
            }
        }
        return new Merged(List.copyOf(all), List.copyOf(clashing));
    }
}
