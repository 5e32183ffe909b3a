package io.pathwatch.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How each path learns its normal ({@code pathwatch.health.baseline.*}).
 *
 * @param horizon     the baseline is the median over this much history; default 24h (10m..30d)
 * @param minWindows  windows learned before the baseline is used (the quick seed); default 6
 * @param adoptAfter  a figure held above its baseline this long without a break is taken as the new
 *                    normal: the baseline is learned afresh from then on; default 6h
 */
public record BaselineProperties(
        @NotNull @DurationMin(minutes = 10) @DurationMax(days = 30) @DefaultValue("24h") Duration horizon,
        @Min(1) @Max(1000) @DefaultValue("6") int minWindows,
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30) @DefaultValue("6h") Duration adoptAfter) {
}
