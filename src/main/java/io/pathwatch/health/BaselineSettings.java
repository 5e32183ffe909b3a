package io.pathwatch.health;

import java.time.Duration;

/**
 * How paths learn their baselines.
 *
 * @param horizon    the median spans this much history
 * @param minWindows values learned before the baseline is used
 * @param adoptAfter a figure held above its baseline this long is learned afresh
 */
public record BaselineSettings(Duration horizon, int minWindows, Duration adoptAfter) {

    public static final BaselineSettings DEFAULT = new BaselineSettings(Duration.ofHours(24), 6, Duration.ofHours(6));
}
