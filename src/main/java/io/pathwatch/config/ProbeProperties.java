package io.pathwatch.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Probe defaults for every path; each may be overridden per path.
 *
 * @param interval       one probe cycle per path this often, on a fresh connection; default 1s
 * @param timeout        longest wait for any one step (connect, TLS, HELLO, one echo, one heartbeat); default 3s
 * @param echoCount      echo round trips per cycle; default 5
 * @param payloadBytes   size of every ECHO frame on the wire, header included (36..16384); default 64
 * @param heartbeat      the stream sends a heartbeat this often; default 100ms
 * @param hangThreshold  no echo on the open stream for longer than this is a hang; default 1s
 * @param window         statistics interval: histograms are swapped this often, whole seconds 1s..60s; default 10s
 */
public record ProbeProperties(
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("1s") Duration interval,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("3s") Duration timeout,
        @Min(1) @Max(100) @DefaultValue("5") int echoCount,
        @Min(36) @Max(16384) @DefaultValue("64") int payloadBytes,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("100ms") Duration heartbeat,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("1s") Duration hangThreshold,
        @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 60) @DefaultValue("10s") Duration window) {

    @AssertTrue(message = "pathwatch.probe.hang-threshold must be longer than pathwatch.probe.heartbeat")
    public boolean isHangThresholdAboveHeartbeat() {
        return hangThreshold == null || heartbeat == null || hangThreshold.compareTo(heartbeat) > 0;
    }

    @AssertTrue(message = "pathwatch.probe.window must be whole seconds (1s..60s)")
    public boolean isWindowWholeSeconds() {
        return window == null || window.toNanosPart() == 0;
    }

    /** The cross-field rules, for a path's merged settings. */
    boolean valid() {
        return isHangThresholdAboveHeartbeat() && isWindowWholeSeconds();
    }
}
