package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One monitored path ({@code pathwatch.paths[i]}). Every probe setting left empty takes the
 * value of {@code pathwatch.probe.*}.
 *
 * @param name    unique; becomes the {@code path} tag and the URL segment (letters, digits, '.', '_', '-')
 * @param target  {@code host:port} of the responder (IPv6 in brackets: {@code [::1]:7100})
 * @param tls     optional TLS to the target
 * @param tags    free-form labels, e.g. {@code via: privatelink}, {@code endpoint-region: us-west-1}
 * @param rules   health rules of this path, merged by name over {@code pathwatch.health.rules}
 * @param silence maintenance windows during which this path's alerts do not page
 * @param mode    {@code stream} (default): the target is a pathwatch responder; echo cycles and the stream with hang
 *                detection. {@code connect}: the target is any TCP port; each cycle only resolves, connects (and
 *                shakes hands in TLS when {@code tls.enabled}) and closes: connect time, failures and loss as failed
 *                connects, no echoes, no stream, no hangs
 * @param sourceAddress IP literal the path's connections bind before connecting, so they leave by the interface and
 *                route of that address; default empty (the kernel chooses)
 * @param dscp    DSCP (0..63) of the path's packets, set as IP_TOS / IPv6 traffic class {@code dscp << 2}; default 0
 */
public record PathProperties(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1..64 letters, digits, '.', '_' or '-'") String name,
        @NotNull @Pattern(regexp = "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}", message = "must be host:port") String target,
        @Valid @NotNull @DefaultValue PathTlsProperties tls,
        @NotNull @DefaultValue Map<String, String> tags,
        @DurationMin(millis = 10) @DurationMax(hours = 1) Duration interval,
        @DurationMin(millis = 10) @DurationMax(hours = 1) Duration timeout,
        @Min(1) @Max(100) Integer echoCount,
        @Min(36) @Max(16384) Integer payloadBytes,
        @DurationMin(millis = 10) @DurationMax(hours = 1) Duration heartbeat,
        @DurationMin(millis = 10) @DurationMax(hours = 1) Duration hangThreshold,
        @DurationMin(seconds = 1) @DurationMax(seconds = 60) Duration window,
        @DurationMin(millis = 100) @DurationMax(hours = 1) Duration streamGiveUp,
        @DurationMin(millis = 1) @DurationMax(minutes = 1) Duration maxSelfLag,
        @Valid @NotNull @DefaultValue List<RuleProperties> rules,
        @Valid @NotNull @DefaultValue List<SilenceProperties> silence,
        @NotNull @DefaultValue("stream") Mode mode,
        @NotNull @DefaultValue("") String sourceAddress,
        @Min(0) @Max(63) @DefaultValue("0") int dscp) {

    /** How a path is probed; bound case-insensitively ({@code stream}, {@code connect}). */
    public enum Mode { STREAM, CONNECT }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final java.util.regex.Pattern IPV6_CHARS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

    /** A host name would be resolved once here and then go stale; only a literal says which interface is meant. */
    @AssertTrue(message = "source-address must be an IP address literal (IPv4 dotted quad or IPv6 without brackets), not a host name")
    public boolean isSourceAddressLiteral() {
        if (sourceAddress == null || sourceAddress.isEmpty()) {
            return true;
        }
        if (IPV4.matcher(sourceAddress).matches()) {
            return true;
        }
        if (sourceAddress.indexOf(':') < 0 || !IPV6_CHARS.matcher(sourceAddress).matches()) {
            return false;
        }
        try {
            // with a ':' in it, the JDK parses a literal and never asks DNS
            return java.net.InetAddress.getByName(sourceAddress) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * A connect-mode path has no echoes and no stream, so a rule of its own on one of their
     * figures could never judge anything; saying so beats a rule that silently never fires.
     */
    @AssertTrue(message = "a path with mode: connect has no echoes and no stream: its own rules may not watch rtt.*, stream.*, jitter, "
            + "spread, hangs, hangs.longest, clock.error or stream.disconnects")
    public boolean isRulesFitMode() {
        return mode != Mode.CONNECT || rules == null || rules.stream().noneMatch(RuleProperties::needsStream);
    }

    @AssertTrue(message = "target port must be 1..65535")
    public boolean isTargetPortValid() {
        if (target == null || target.lastIndexOf(':') < 0) {
            return true;
        }
        try {
            int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** This path's settings: its overrides over the defaults. */
    public ProbeProperties settings(ProbeProperties defaults) {
        return new ProbeProperties(
                interval != null ? interval : defaults.interval(),
                timeout != null ? timeout : defaults.timeout(),
                echoCount != null ? echoCount : defaults.echoCount(),
                payloadBytes != null ? payloadBytes : defaults.payloadBytes(),
                heartbeat != null ? heartbeat : defaults.heartbeat(),
                hangThreshold != null ? hangThreshold : defaults.hangThreshold(),
                window != null ? window : defaults.window(),
                streamGiveUp != null ? streamGiveUp : defaults.configuredStreamGiveUp(),
                maxSelfLag != null ? maxSelfLag : defaults.maxSelfLag());
    }

    /** A path to {@code target} with every setting from the defaults. */
    public static PathProperties of(String name, String target, Map<String, String> tags) {
        return new PathProperties(name, target, PathTlsProperties.NONE, tags, null, null, null, null, null, null, null, null, null, List.of(), List.of(),
                Mode.STREAM, "", 0);
    }
}
