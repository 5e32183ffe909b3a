package io.pathwatch.health;

import java.util.List;
import java.util.Map;

/**
 * The rules of every path (defaults merged with its overrides) and how baselines are learned.
 */
public record HealthRules(BaselineSettings baseline, Map<String, List<Rule>> byPath) {

    public HealthRules {
        byPath = Map.copyOf(byPath);
    }

    List<Rule> of(String path) {
        return byPath.getOrDefault(path, List.of());
    }
}
