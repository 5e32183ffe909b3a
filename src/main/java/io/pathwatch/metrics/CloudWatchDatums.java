package io.pathwatch.metrics;

import io.pathwatch.health.PathState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.pathwatch.stats.Samples;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Builds the datums of one path's step, named exactly as {@link MeterNames} says, dimensioned by
 * {@code agent} and {@code path} (plus {@code kind} for errors). RTT and connect time go as value/count
 * arrays so CloudWatch's percentile statistics (p50, p99, tm90…) work; the rest as single values.
 */
final class CloudWatchDatums {

    private final boolean highResolution;

    CloudWatchDatums(boolean highResolution) {
        this.highResolution = highResolution;
    }

    List<MetricDatum> of(StepFigures.Step s, PathState state, String agent, Instant time) {
        List<MetricDatum> out = new ArrayList<>();
        List<Dimension> dims = dimensions(agent, s.path());
        if (state != PathState.UNKNOWN) {
            out.add(value(MeterNames.HEALTH_STATE, dims, state.level(), StandardUnit.NONE, time));
        }
        if (s.windows() == 0) {
            return out;
        }
        distribution(out, MeterNames.RTT, dims, s.rtt(), time);
        distribution(out, MeterNames.CONNECT, dims, s.connect(), time);
        if (s.rtt() != null) {
            out.add(value(MeterNames.SPREAD, dims, (s.rtt().valueAtPercentile(99) - s.rtt().valueAtPercentile(50)) / 1000.0,
                    StandardUnit.MILLISECONDS, time));
        }
        if (s.jitterMs() != null) {
            out.add(value(MeterNames.JITTER, dims, s.jitterMs(), StandardUnit.MILLISECONDS, time));
        }
        if (s.lossRatio() != null) {
            out.add(value(MeterNames.LOSS, dims, s.lossRatio(), StandardUnit.NONE, time));
        }
        if (s.scheduleLagMs() != null) {
            out.add(value(MeterNames.SCHEDULE_LAG, dims, s.scheduleLagMs(), StandardUnit.MILLISECONDS, time));
        }
        out.add(value(MeterNames.HANGS, dims, s.hangs(), StandardUnit.COUNT, time));
        out.add(value(MeterNames.HANG_DURATION, dims, s.hangSeconds(), StandardUnit.SECONDS, time));
        out.add(value(MeterNames.STREAM_DISCONNECTS, dims, s.disconnects(), StandardUnit.COUNT, time));
        if (s.untrusted() > 0) {
            // sent only when it happens, like the error kinds: no metric (and no cost) for an agent that keeps up
            out.add(value(MeterNames.UNTRUSTED, dims, s.untrusted(), StandardUnit.COUNT, time));
        }
        // a kind is sent only in a step where it happened: a custom metric exists (and costs) only once sent
        s.errors().forEach((kind, n) -> {
            if (n > 0) {
                List<Dimension> withKind = new ArrayList<>(dims);
                withKind.add(Dimension.builder().name(MeterNames.TAG_KIND).value(kind).build());
                out.add(value(MeterNames.ERRORS, withKind, n, StandardUnit.COUNT, time));
            }
        });
        return out;
    }

    MetricDatum heartbeat(String agent, Instant time) {
        List<Dimension> dims = agent == null ? List.of() : List.of(Dimension.builder().name(MeterNames.TAG_AGENT).value(agent).build());
        return value(MeterNames.HEARTBEAT, dims, 1, StandardUnit.NONE, time);
    }

    private void distribution(List<MetricDatum> out, String name, List<Dimension> dims, Samples micros, Instant time) {
        if (micros == null || micros.count() == 0) {
            return;
        }
        ValueCounts vc = ValueCounts.of(micros);
        out.add(MetricDatum.builder().metricName(name).dimensions(dims).timestamp(time).unit(StandardUnit.MILLISECONDS)
                .values(vc.millis()).counts(vc.counts()).storageResolution(resolution()).build());
    }

    private MetricDatum value(String name, List<Dimension> dims, double v, StandardUnit unit, Instant time) {
        return MetricDatum.builder().metricName(name).dimensions(dims).timestamp(time).unit(unit).value(v)
                .storageResolution(resolution()).build();
    }

    private int resolution() {
        return highResolution ? 1 : 60;
    }

    private static List<Dimension> dimensions(String agent, String path) {
        List<Dimension> dims = new ArrayList<>();
        if (agent != null) {
            dims.add(Dimension.builder().name(MeterNames.TAG_AGENT).value(agent).build());
        }
        dims.add(Dimension.builder().name(MeterNames.TAG_PATH).value(path).build());
        return dims;
    }

    /** Metric names one path creates (errors: one per kind that ever happens, not counted here). */
    static final List<String> PER_PATH = List.of(MeterNames.RTT, MeterNames.CONNECT, MeterNames.JITTER, MeterNames.SPREAD,
            MeterNames.LOSS, MeterNames.HANGS, MeterNames.HANG_DURATION, MeterNames.STREAM_DISCONNECTS, MeterNames.HEALTH_STATE,
            MeterNames.SCHEDULE_LAG);
}
