package io.pathwatch.health;

import java.time.Instant;
import java.util.Map;

/**
 * The baselines of a path that is not measured now, what they were learned for (its identity),
 * and since when it has been gone (kept a while for discovery or a reload to bring it back).
 */
record Departed(String identity, Map<String, Baseline.State> baselines, Instant since) {
}
