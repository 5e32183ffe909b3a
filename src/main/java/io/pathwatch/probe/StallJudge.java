package io.pathwatch.probe;

import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.path.StallEvidence;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.TcpSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decides where a stall was from what both kernels said ({@code docs/measurement.md}, "Where is
 * the stall?"). In order:
 * <ol>
 * <li>{@code reset}: the far end or something on the way reset or closed the connection, and our
 * data was not stuck before (a close after a loss is its consequence: a give-up, an idle timeout).</li>
 * <li>{@code local_overload}: this prober lagged past its threshold, and its own data was not
 * stuck: the silence may be ours.</li>
 * <li>{@code far_end_stall}: our data was being acknowledged all along (on a long path heartbeats are
 * always in flight, so not necessarily all of it at once), yet no reply came: something
 * above TCP holds the data (the far application or host, or a middlebox that terminates TCP and so
 * acknowledges on our side).</li>
 * <li>Our data sat unacknowledged (no ACK for max(200 ms, 2 RTT), or retransmitting): a loss. A
 * dead reply direction loses the ACKs too, so from our side alone both directions look alike, and
 * only the responder's snapshots tell them apart. On the responder's clock, from the moment it
 * received our last answered request: for the stream, had it received nothing more of ours within
 * an RTT and 100 ms (what a link cut both ways still delivers), the requests did not arrive:
 * {@code forward_loss}; had it kept receiving (a dead reply direction lets our requests in until our
 * retransmission timer stops new data, at least an RTO ≥ RTT + 200 ms later) while its own replies
 * stayed unacknowledged: {@code reverse_loss}. A cycle sends its next echo only after a reply, so
 * there the responder's stuck replies decide first. A link down both ways is {@code forward_loss}:
 * the first thing it loses is the next request.</li>
 * </ol>
 * Every rule names the fields it used; where a view is missing the cause says so rather than guess.
 */
final class StallJudge {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Below this, unacknowledged data may just be in flight: the kernel's minimum RTO. */
    private static final long MIN_QUIET_MS = 200;
    /**
     * For a far-end stall's location on the stream: how much later than our last answered request
     * (beyond one RTT) the responder's last receipt may be and still count as "it received nothing".
     */
    private static final long STREAM_MARGIN_MS = 100;
    /** Above this heartbeat the two bounds overlap: a link cut both ways may deliver as late as a dead reply direction. */
    private static final long MAX_HEARTBEAT_MS = 150;
    /** The same for a cycle: the kernel's millisecond clock of last_data_recv runs in jiffies (4 ms at HZ 250). */
    private static final long CYCLE_MARGIN_MS = 15;

    private StallJudge() {
    }

    static StallAttribution judge(StallCase c) {
        List<StallEvidence> ev = new ArrayList<>();
        TcpSnapshot first = c.prober().isEmpty() ? null : c.prober().get(0);
        TcpSnapshot last = c.prober().isEmpty() ? null : c.prober().get(c.prober().size() - 1);
        long srttMs = first == null ? 0 : Math.max(1, first.rttMicros() / 1000);
        long quietMs = Math.max(MIN_QUIET_MS, 2 * srttMs);
        boolean ourDataStuck = last != null && last.unacked() > 0 && (last.lastAckRecvMillis() >= quietMs || last.retransmits() > 0)
                && !writtenAfterOwnSilence(c, last, quietMs);
        // a close that follows a loss is its consequence (a give-up, a far end's idle timeout), not its cause
        if (c.reset() && !ourDataStuck) {
            ev.add(new StallEvidence(StallEvidence.PROBER, "reset", 1, "count"));
            return result(c, StallCause.RESET, "The connection was reset or closed by the far end or by something on the way.", ev, "");
        }
        TcpSnapshot end = c.proberAtEnd() != null ? c.proberAtEnd() : last;
        long retransmitted = last == null ? 0 : Math.max(last.retransmits(), end.totalRetrans() - first.totalRetrans());
        // replies reached our kernel after the last one we read: we were not reading
        boolean repliesWaiting = last != null && last.lastDataRecvAtEpochNanos() > c.markerLocalEpochNanos() + c.heartbeatNanos() / 2;
        if (c.maxLagNanos() > c.lagThresholdNanos() && !ourDataStuck && repliesWaiting) {
            ev.add(new StallEvidence(StallEvidence.PROBER, "loop_lag", c.maxLagNanos() / MS, "ms"));
            if (last != null) {
                ev.add(new StallEvidence(StallEvidence.PROBER, "unacked", last.unacked(), "segments"));
                ev.add(new StallEvidence(StallEvidence.PROBER, "last_data_recv", last.lastDataRecvMillis(), "ms"));
            }
            return result(c, StallCause.LOCAL_OVERLOAD, String.format(Locale.ROOT, "This prober lagged %d ms (max-self-lag %d ms) while it "
                    + "waited; its data was acknowledged and replies reached its kernel: the silence was its own.", c.maxLagNanos() / MS, c.lagThresholdNanos() / MS), ev, "");
        }
        if (last == null) {
            return result(c, StallCause.UNKNOWN, "No TCP_INFO of our socket to go on.", ev, c.proberMissing() == null
                    ? "no TCP_INFO of the prober's socket" : c.proberMissing());
        }
        ev.add(new StallEvidence(StallEvidence.PROBER, "unacked", last.unacked(), "segments"));
        ev.add(new StallEvidence(StallEvidence.PROBER, "last_ack_recv", last.lastAckRecvMillis(), "ms"));
        if (!ourDataStuck) {
            // on a long path heartbeats are always in flight (unacked > 0): what counts is that ACKs keep coming
            ev.add(new StallEvidence(StallEvidence.PROBER, "last_data_sent", last.lastDataSentMillis(), "ms"));
            return farEndStall(c, ev, srttMs);
        }
        ev.add(new StallEvidence(StallEvidence.PROBER, "retransmits", retransmitted, "count"));
        if (c.reset()) {
            ev.add(new StallEvidence(StallEvidence.PROBER, "reset", 1, "count"));
        }
        if (c.subject() == StallAttribution.Subject.CYCLE && c.responder() != null && c.responder().status() != PeerInfoReply.Status.UNKNOWN_CONNECTION) {
            return cycleLoss(c, ev, retransmitted);
        }
        return loss(c, ev, srttMs, retransmitted);
    }

    /**
     * No ACK for a while is stuck data only if data was out that long. A prober whose loop lagged may
     * have sent nothing (so nothing was acknowledged) and then written a heartbeat just before the
     * snapshot: one young segment in flight, not a loss. Only while we lagged, and only when no
     * earlier snapshot of the stall already showed data out with no ACK since; without the lag, a
     * loss before its first retransmission timeout looks the same and stays a loss.
     */
    private static boolean writtenAfterOwnSilence(StallCase c, TcpSnapshot last, long quietMs) {
        if (last.retransmits() > 0 || last.lastDataSentMillis() >= quietMs || c.maxLagNanos() <= c.lagThresholdNanos()) {
            return false;
        }
        for (TcpSnapshot earlier : c.prober()) {
            long sinceMs = (last.takenAtEpochNanos() - earlier.takenAtEpochNanos()) / MS;
            if (earlier != last && earlier.unacked() > 0 && sinceMs >= quietMs && last.lastAckRecvMillis() >= sinceMs) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cycle sends its next echo only after a reply, and its connection takes no more echoes once it
     * failed, so the responder's own record of the last ECHO it received says exactly whether a request
     * arrived after our last answered one (its T2, or none at all): no timestamps to compare within a
     * jiffy, no stuck replies to interpret (our ACK of the last reply rides on the next request, so a
     * dead request direction leaves the responder's reply unacknowledged too).
     */
    private static StallAttribution cycleLoss(StallCase c, List<StallEvidence> ev, long retransmitted) {
        String ours = ours(retransmitted);
        long lastEcho = c.responder().lastEchoAtEpochNanos();
        long marker = c.markerEpochNanos();
        ev.add(new StallEvidence(StallEvidence.RESPONDER, "echo_after_last_reply", lastEcho > marker ? 1 : 0, "count"));
        if (lastEcho > marker) {
            return result(c, StallCause.REVERSE_LOSS, "The responder received our next request but its reply never came back; " + ours + ".",
                    ev, "");
        }
        return result(c, StallCause.FORWARD_LOSS, "The responder never received our next request; " + ours + ".", ev, "");
    }

    private static StallAttribution farEndStall(StallCase c, List<StallEvidence> ev, long srttMs) {
        String where = "";
        List<TcpSnapshot> in = responderInStall(c);
        if (!in.isEmpty()) {
            TcpSnapshot r = in.get(in.size() - 1);
            ev.add(new StallEvidence(StallEvidence.RESPONDER, "last_data_recv", r.lastDataRecvMillis(), "ms"));
            ev.add(new StallEvidence(StallEvidence.RESPONDER, "unacked", r.unacked(), "segments"));
            long marginMs = c.subject() == StallAttribution.Subject.CYCLE ? CYCLE_MARGIN_MS : srttMs + STREAM_MARGIN_MS;
            // T2 is when its application read our request: an application that lags reads late what its kernel got early,
            // so "nothing since" also needs the kernel itself to have been silent a while
            boolean silent = r.lastDataRecvMillis() > 2 * Math.max(c.heartbeatNanos() / MS, 100);
            where = silent && r.lastDataRecvAtEpochNanos() <= marker(c) + marginMs * MS ? " The responder received nothing: the data was held before it (a proxy or "
                    + "middlebox that terminates TCP)." : " The responder received our requests: its host or application held them.";
        }
        return result(c, StallCause.FAR_END_STALL, "Every byte we sent was acknowledged, yet no reply came." + where, ev, "");
    }

    private static StallAttribution loss(StallCase c, List<StallEvidence> ev, long srttMs, long retransmitted) {
        String ours = ours(retransmitted);
        if (c.responder() == null || c.responder().status() != PeerInfoReply.Status.OK) {
            String missing = c.responder() == null ? c.responderMissing()
                    : c.responder().status() == PeerInfoReply.Status.NO_TCP_INFO ? "the responder cannot read TCP_INFO (it runs without native epoll)"
                    : "the responder no longer knows the connection";
            return result(c, StallCause.FORWARD_OR_REVERSE_LOSS, capital(ours) + "; without the responder's view the direction is unknown.",
                    ev, missing);
        }
        List<TcpSnapshot> in = responderInStall(c);
        if (in.isEmpty()) {
            return result(c, StallCause.FORWARD_OR_REVERSE_LOSS, capital(ours) + "; the responder kept no snapshot inside the stall.", ev,
                    "no responder snapshot inside the stall");
        }
        TcpSnapshot r = in.get(in.size() - 1);
        ev.add(new StallEvidence(StallEvidence.RESPONDER, "last_data_recv", r.lastDataRecvMillis(), "ms"));
        long theirQuietMs = Math.max(MIN_QUIET_MS, 2 * srttMs);
        TcpSnapshot worst = in.stream().max((a, b) -> Long.compare(a.unacked() * 256 + a.retransmits(), b.unacked() * 256 + b.retransmits())).get();
        // the reply just written on an echo is unacknowledged for an RTT: only one left so past that, or retransmitted, is stuck
        boolean theirDataStuck = in.stream().anyMatch(s -> s.unacked() > 0 && (s.retransmits() > 0 || s.lastAckRecvMillis() >= theirQuietMs));
        long base = baseline(c, in).totalRetrans();
        long theirs = Math.max(worst.retransmits(), r.totalRetrans() - base);
        // a stream's requests keep coming every heartbeat: had one arrived after our last answered request beyond what
        // a link cut both ways still delivers (up to an RTT and a heartbeat), while a dead reply direction lets them in
        // for our whole RTO (at least an RTT and 200 ms), the request direction worked; the threshold sits between
        long gapMs = (r.lastDataRecvAtEpochNanos() - marker(c)) / MS;
        long heartbeatMs = c.heartbeatNanos() / MS;
        boolean nothingSince = gapMs <= CYCLE_MARGIN_MS
                || heartbeatMs <= MAX_HEARTBEAT_MS && gapMs <= srttMs + (heartbeatMs + MIN_QUIET_MS) / 2;
        if (!nothingSince && heartbeatMs > MAX_HEARTBEAT_MS) {
            return result(c, StallCause.FORWARD_OR_REVERSE_LOSS, capital(ours) + "; the responder received requests after our last answered "
                    + "one, and with a heartbeat of " + heartbeatMs + " ms a link cut both ways cannot be told from a dead reply direction.",
                    ev, "a heartbeat of at most " + MAX_HEARTBEAT_MS + " ms");
        }
        if (nothingSince) {
            return result(c, StallCause.FORWARD_LOSS, String.format(Locale.ROOT, "The responder received nothing of ours for %.1f s; %s.",
                    r.lastDataRecvMillis() / 1000.0, ours), ev, "");
        }
        ev.add(new StallEvidence(StallEvidence.RESPONDER, "unacked", worst.unacked(), "segments"));
        ev.add(new StallEvidence(StallEvidence.RESPONDER, "retransmits", theirs, "count"));
        ev.add(new StallEvidence(StallEvidence.RESPONDER, "last_ack_recv", worst.lastAckRecvMillis(), "ms"));
        if (theirDataStuck) {
            return result(c, StallCause.REVERSE_LOSS, String.format(Locale.ROOT, "The responder kept receiving our requests, but its replies "
                    + "went unacknowledged (it retransmitted %d time%s).", theirs, theirs == 1 ? "" : "s"), ev, "");
        }
        return result(c, StallCause.FORWARD_OR_REVERSE_LOSS, capital(ours) + "; the responder received our requests and its replies were "
                + "not stuck.", ev, "the responder's view is inconclusive");
    }

    private static long marker(StallCase c) {
        return c.markerEpochNanos() != 0 ? c.markerEpochNanos() : c.responder() == null ? 0 : c.responder().authenticatedAtEpochNanos();
    }

    /**
     * The responder's snapshots taken while the stall lasted on its side: after our last answered
     * request reached it, and before the requests flowed again (the stall's end, less a heartbeat
     * or 100 ms, whichever is more, so a snapshot of the recovery does not pass for one of the stall).
     */
    static List<TcpSnapshot> responderInStall(StallCase c) {
        if (c.responder() == null || c.responder().status() != PeerInfoReply.Status.OK) {
            return List.of();
        }
        long from = marker(c);
        long to = from + c.elapsedNanos() - (c.open() ? 0 : Math.max(c.heartbeatNanos(), 100 * MS));
        return c.responder().snapshots().stream().filter(s -> s.takenAtEpochNanos() > from && s.takenAtEpochNanos() <= to).toList();
    }

    private static TcpSnapshot baseline(StallCase c, List<TcpSnapshot> in) {
        long from = marker(c);
        TcpSnapshot b = in.get(0);
        for (TcpSnapshot s : c.responder().snapshots()) {
            if (s.takenAtEpochNanos() <= from) {
                b = s;
            }
        }
        return b;
    }

    private static StallAttribution result(StallCase c, StallCause cause, String why, List<StallEvidence> ev, String missing) {
        String what = c.subject() == StallAttribution.Subject.HANG ? "hang" : "failed cycle";
        String sentence = String.format(Locale.ROOT, "%s %.1f s: %s. %s", what, c.durationNanos() / 1e9, cause.phrase(), why);
        if (missing != null && !missing.isEmpty()) {
            sentence += " Missing: " + missing + ".";
        }
        return new StallAttribution(c.subject(), c.startNanos(), c.startEpochNanos(), c.durationNanos(), c.open(), cause, sentence, ev, missing);
    }

    private static String ours(long retransmitted) {
        return String.format(Locale.ROOT, "our data sat unacknowledged (%d retransmission%s)", retransmitted, retransmitted == 1 ? "" : "s");
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
