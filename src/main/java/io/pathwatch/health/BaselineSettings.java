package io.pathwatch.health;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How paths learn their baselines.
 *
 * @param horizon    the median spans this much history
 * @param minWindows values learned before the baseline is used
 * @param adoptAfter a figure held above its baseline this long is learned afresh
 * @param store      the file baselines are kept in across restarts; null to keep them in memory only
 */
public record BaselineSettings(Duration horizon, int minWindows, Duration adoptAfter, Path store) {

    public static final BaselineSettings DEFAULT = new BaselineSettings(Duration.ofHours(24), 6, Duration.ofHours(6), null);
}
