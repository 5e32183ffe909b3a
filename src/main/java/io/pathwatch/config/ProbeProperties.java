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
 * @param window         statistics window: figures are sealed this often, whole seconds 1s..60s; default 10s
 * @param streamGiveUp   the stream drops a connection that stayed silent this long (no echo while heartbeats are
 *                       outstanding) and reconnects; heartbeats unanswered by then are lost; TCP_USER_TIMEOUT is set
 *                       to it where epoll allows; must exceed hang-threshold and timeout; default 10s, or twice
 *                       the timeout where that is longer (so a long timeout alone never makes the defaults invalid)
 * @param maxSelfLag     a window in which the prober's own lag (how late its timers fired) had a p99 above this is
 *                       marked untrusted, and health rules judge nothing from it; default 50ms
 */
public record ProbeProperties(
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("1s") Duration interval,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("3s") Duration timeout,
        @Min(1) @Max(100) @DefaultValue("5") int echoCount,
        @Min(36) @Max(16384) @DefaultValue("64") int payloadBytes,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("100ms") Duration heartbeat,
        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("1s") Duration hangThreshold,
        @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 60) @DefaultValue("10s") Duration window,
        @DurationMin(millis = 100) @DurationMax(hours = 1) Duration streamGiveUp,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) @DefaultValue("50ms") Duration maxSelfLag) {

    /**
     * Heartbeats a stream keeps outstanding at most (a ring per path); {@code stream-give-up /
     * heartbeat} may not exceed it, so no heartbeat is given up before the give-up.
     */
    public static final int MAX_OUTSTANDING_HEARTBEATS = 4096;

    private static final Duration DEFAULT_GIVE_UP = Duration.ofSeconds(10);

    /** As configured, or else 10 s or twice the timeout, whichever is longer. */
    @Override
    public Duration streamGiveUp() {
        if (streamGiveUp != null) {
            return streamGiveUp;
        }
        Duration twice = timeout == null ? DEFAULT_GIVE_UP : timeout.multipliedBy(2);
        return twice.compareTo(DEFAULT_GIVE_UP) > 0 ? twice : DEFAULT_GIVE_UP;
    }

    /** The give-up as configured (null: derived), so a path's merge derives it from the path's own timeout. */
    Duration configuredStreamGiveUp() {
        return streamGiveUp;
    }

    @AssertTrue(message = "pathwatch.probe.hang-threshold must be longer than pathwatch.probe.heartbeat")
    public boolean isHangThresholdAboveHeartbeat() {
        return hangThreshold == null || heartbeat == null || hangThreshold.compareTo(heartbeat) > 0;
    }

    /** A heartbeat that never comes before its timeout would turn every heartbeat late and hide every hang. */
    @AssertTrue(message = "pathwatch.probe.heartbeat must be shorter than pathwatch.probe.timeout")
    public boolean isHeartbeatBelowTimeout() {
        return heartbeat == null || timeout == null || heartbeat.compareTo(timeout) < 0;
    }

    /** A connection given up before it could hang would end every hang at the give-up. */
    @AssertTrue(message = "pathwatch.probe.hang-threshold must be shorter than pathwatch.probe.stream-give-up")
    public boolean isHangThresholdBelowGiveUp() {
        return hangThreshold == null || hangThreshold.compareTo(streamGiveUp()) < 0;
    }

    /** A reply after the timeout is late only if the stream waits longer than that before giving it up. */
    @AssertTrue(message = "pathwatch.probe.stream-give-up must be longer than pathwatch.probe.timeout")
    public boolean isGiveUpAboveTimeout() {
        return timeout == null || streamGiveUp().compareTo(timeout) > 0;
    }

    /** Every heartbeat sent before the give-up must fit in the stream's ring of outstanding ones. */
    @AssertTrue(message = "pathwatch.probe.stream-give-up may be at most " + ProbeProperties.MAX_OUTSTANDING_HEARTBEATS
            + " heartbeats long")
    public boolean isGiveUpWithinOutstandingHeartbeats() {
        return heartbeat == null || heartbeat.isZero()
                || streamGiveUp().toNanos() / heartbeat.toNanos() <= ProbeProperties.MAX_OUTSTANDING_HEARTBEATS;
    }

    @AssertTrue(message = "pathwatch.probe.window must be whole seconds (1s..60s)")
    public boolean isWindowWholeSeconds() {
        return window == null || window.toNanosPart() == 0;
    }

    /** The cross-field rules, for a path's merged settings. */
    boolean valid() {
        return isHangThresholdAboveHeartbeat() && isWindowWholeSeconds() && isHeartbeatBelowTimeout() && isHangThresholdBelowGiveUp()
                && isGiveUpAboveTimeout() && isGiveUpWithinOutstandingHeartbeats();
    }
}
