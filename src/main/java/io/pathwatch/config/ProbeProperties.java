package io.pathwatch.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
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
        @NotNull @DefaultValue("1s") Duration interval,
        @NotNull @DefaultValue("3s") Duration timeout,
        @Min(1) @Max(100) @DefaultValue("5") int echoCount,
        @Min(36) @Max(16384) @DefaultValue("64") int payloadBytes,
        @NotNull @DefaultValue("100ms") Duration heartbeat,
        @NotNull @DefaultValue("1s") Duration hangThreshold,
        @NotNull @DefaultValue("10s") Duration window) {

    @AssertTrue(message = "pathwatch.probe: interval, timeout and heartbeat must be 10ms..1h, hang-threshold longer than heartbeat, window whole seconds 1s..60s")
    public boolean isConsistent() {
        return ProbeSettingsCheck.valid(interval, timeout, heartbeat, hangThreshold, window);
    }
}
