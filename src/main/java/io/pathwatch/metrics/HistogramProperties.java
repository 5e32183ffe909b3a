package io.pathwatch.metrics;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the latency histograms look in the Prometheus scrape and the OTLP push ({@code pathwatch.metrics.*}).
 * Every bucket is a series per path, in Prometheus and in whatever an OTLP collector writes to, so
 * the default is a short log-spaced set, the same on both routes (a fleet mixing them aggregates
 * one layout); a path's exact p50 and p99 are gauges of their own ({@code pathwatch_rtt_p50_seconds}).
 * CloudWatch is not affected (its datums come from the windows).
 *
 * @param histogramBuckets the upper bounds of the rtt, connect and kernel-rtt histograms' buckets
 *                       ({@code +Inf} is added); default 0.3ms, 1ms, 3ms … 10s (half-decades), 1..30 increasing values
 * @param fineHistograms Micrometer's full percentile histogram instead (about 94 buckets between 50 µs and 60 s,
 *                       every bucket at most 1.5 times the last), for a handful of paths, or OTLP's exponential
 *                       histograms ({@code histogram-flavor: base2_exponential_bucket_histogram} needs it); default false
 */
@Validated
@ConfigurationProperties("pathwatch.metrics")
public record HistogramProperties(
        @NotNull @Size(min = 1, max = 30) @DefaultValue({"300us", "1ms", "3ms", "10ms", "30ms", "100ms", "300ms", "1s", "3s", "10s"})
        List<Duration> histogramBuckets,
        @DefaultValue("false") boolean fineHistograms) {

    @AssertTrue(message = "histogram-buckets must be positive and strictly increasing, e.g. [1ms, 10ms, 100ms, 1s]")
    boolean isIncreasing() {
        if (histogramBuckets == null) {
            return true;
        }
        Duration last = Duration.ZERO;
        for (Duration b : histogramBuckets) {
            if (b == null || b.compareTo(last) <= 0) {
                return false;
            }
            last = b;
        }
        return true;
    }
}
