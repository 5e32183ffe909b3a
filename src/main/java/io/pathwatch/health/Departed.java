package io.pathwatch.health;

import java.util.Map;

/** The baselines of a path that is not measured now, and what they were learned for (its identity). */
record Departed(String identity, Map<String, Baseline.State> baselines) {
}
