package io.pathwatch.stats;

import io.pathwatch.path.PathSpec;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/** Statistics on a clock the test drives, for tests outside this package (meters, API). */
public final class DrivenStats {

    private DrivenStats() {
    }

    /** A registry whose windows follow {@code nanoClock}; the test harvests it with {@link StatsRegistry#harvestAll()}. */
    public static StatsRegistry registry(List<PathSpec> paths, LongSupplier nanoClock, Clock wallClock) {
        return new StatsRegistry(paths, nanoClock, wallClock);
    }
}
