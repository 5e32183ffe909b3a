package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.TcpSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision table of {@link StallJudge} on snapshots shaped like the kernel's in each kind of
 * stall (the netns and lab tests check the same causes against real kernels). Times: the responder's
 * last answered request reached it at T0 (its clock), the stall lasts 4 s, RTT 20 ms.
 */
class StallJudgeTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long LOCAL0 = T0 + 10 * MS;
    private static final long HB = 100 * MS;

    /** Our socket at +{@code atMs}: {@code unacked} segments out, last ACK {@code ackMs} ago, last data received {@code recvMs} ago. */
    private static TcpSnapshot ours(long atMs, long unacked, int retransmits, long totalRetrans, long ackMs, long recvMs) {
        return new TcpSnapshot(LOCAL0 + atMs * MS, 1, retransmits, retransmits, 200_000 << retransmits, 20_000, 5_000, 10, unacked, 0,
                totalRetrans, 50, recvMs, ackMs);
    }

    /** The responder's socket at +{@code atMs}, last data received {@code recvMs} ago. */
    private static TcpSnapshot theirs(long atMs, long unacked, int retransmits, long totalRetrans, long recvMs, long ackMs) {
        return new TcpSnapshot(T0 + atMs * MS, 1, retransmits, retransmits, 200_000, 20_000, 5_000, 10, unacked, 0, totalRetrans, 100,
                recvMs, ackMs);
    }

    private static PeerInfoReply responder(TcpSnapshot... s) {
        return new PeerInfoReply(7, PeerInfoReply.Status.OK, T0 - 5_000 * MS, 0, 0, List.of(s), 0);
    }

    private static StallCase hang(List<TcpSnapshot> prober, PeerInfoReply responder, String responderMissing, long lagMs, boolean reset) {
        return new StallCase(StallAttribution.Subject.HANG, 0, T0, 4_000 * MS, false, prober, null, null, reset, lagMs * MS, 50 * MS, T0,
                LOCAL0, 4_050 * MS, HB, responder, responderMissing);
    }

    private static final List<TcpSnapshot> OUR_DATA_STUCK = List.of(ours(1_000, 1, 2, 0, 900, 950), ours(3_900, 5, 5, 5, 3_800, 3_850));
    private static final List<TcpSnapshot> OUR_DATA_ACKED = List.of(ours(1_000, 0, 0, 0, 40, 950), ours(3_900, 0, 0, 0, 60, 3_850));

    @Test
    void nothingReachedTheResponderAfterOurLastAnsweredRequestIsForwardLoss() {
        // it last received at T0 + 2 ms (within half an RTT and 50 ms of the marker), and nothing since
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_STUCK, responder(theirs(-100, 0, 0, 0, 10, 10), theirs(2_000, 0, 0, 0, 1_998, 1_990),
                theirs(3_500, 0, 0, 0, 3_498, 3_490)), null, 0, false));
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_LOSS);
        assertThat(a.sentence()).startsWith("hang 4.0 s: requests not delivered. The responder received nothing of ours for 3.5 s");
        assertThat(StallJudge.judge(hang(OUR_DATA_STUCK, responder(theirs(2_000, 0, 0, 0, 1_998, 1_990)), null, 0, true)).cause())
                .as("a close after the loss (a give-up, an idle timeout) is its consequence").isEqualTo(StallCause.FORWARD_LOSS);
        assertThat(a.evidence()).extracting(Object::toString).contains("prober unacked=5", "responder last_data_recv=3498 ms");
    }

    @Test
    void aResponderThatKeptReceivingWhileItsRepliesWentUnacknowledgedIsReverseLoss() {
        // it received our requests for 400 ms after the marker (our RTO stopped new data), and its replies stay unacknowledged
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_STUCK, responder(theirs(-100, 0, 0, 10, 10, 10), theirs(1_000, 4, 2, 12, 600, 900),
                theirs(3_500, 4, 4, 14, 3_100, 3_400)), null, 0, false));
        assertThat(a.cause()).isEqualTo(StallCause.REVERSE_LOSS);
        assertThat(a.sentence()).contains("replies not delivered").contains("it retransmitted 4 times");
        assertThat(a.evidence()).extracting(Object::toString).contains("responder unacked=4");
    }

    @Test
    void aSnapshotOfTheRecoveryIsNotTakenForOneOfTheStall() {
        // the last snapshot is after the requests flowed again (beyond the stall's end less a heartbeat): only the earlier ones count
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_STUCK, responder(theirs(2_000, 0, 0, 0, 1_998, 1_990),
                theirs(4_030, 1, 0, 0, 1, 1)), null, 0, false));
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_LOSS);
    }

    @Test
    void withoutTheRespondersViewALossHasNoDirection() {
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_STUCK, null, "the responder could not be reached for PEER_INFO (timeout in CONNECT)",
                0, false));
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        assertThat(a.missing()).contains("could not be reached");
        assertThat(a.sentence()).contains("Missing: the responder could not be reached");

        StallAttribution noEpoll = StallJudge.judge(hang(OUR_DATA_STUCK, new PeerInfoReply(7, PeerInfoReply.Status.NO_TCP_INFO, 0, 0, 0,
                List.of(), 0), null, 0, false));
        assertThat(noEpoll.cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        assertThat(noEpoll.missing()).contains("without native epoll");
    }

    @Test
    void everythingAcknowledgedYetNoReplyIsAFarEndStall() {
        StallAttribution held = StallJudge.judge(hang(OUR_DATA_ACKED, responder(theirs(2_000, 0, 0, 0, 1_998, 1_990)), null, 0, false));
        assertThat(held.cause()).isEqualTo(StallCause.FAR_END_STALL);
        assertThat(held.sentence()).contains("held before it");

        StallAttribution app = StallJudge.judge(hang(OUR_DATA_ACKED, responder(theirs(2_000, 0, 0, 0, 50, 50)), null, 0, false));
        assertThat(app.cause()).isEqualTo(StallCause.FAR_END_STALL);
        assertThat(app.sentence()).contains("its host or application held them");

        assertThat(StallJudge.judge(hang(OUR_DATA_ACKED, null, "unreachable", 0, false)).cause()).isEqualTo(StallCause.FAR_END_STALL);
    }

    @Test
    void aResetBeforeAnyLossWinsOverEverythingElse() {
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_ACKED, null, "x", 500, true));
        assertThat(a.cause()).isEqualTo(StallCause.RESET);
        assertThat(a.missing()).isEmpty();
    }

    @Test
    void ourOwnLagWithRepliesWaitingInOurKernelIsLocalOverload() {
        // replies reached our kernel 20 ms before the snapshot, long after the last one we read
        List<TcpSnapshot> waiting = List.of(ours(1_000, 0, 0, 0, 20, 20));
        StallAttribution a = StallJudge.judge(hang(waiting, null, "x", 95, false));
        assertThat(a.cause()).isEqualTo(StallCause.LOCAL_OVERLOAD);
        assertThat(a.evidence()).extracting(Object::toString).contains("prober loop_lag=95 ms");
        // without our own TCP_INFO the lag alone proves nothing: never a guess
        StallCase nio = new StallCase(StallAttribution.Subject.HANG, 0, T0, 4_000 * MS, false, List.of(), null, "no TCP_INFO (NIO)", false,
                95 * MS, 50 * MS, T0, LOCAL0, 4_050 * MS, HB, null, null);
        assertThat(StallJudge.judge(nio).cause()).isEqualTo(StallCause.UNKNOWN);
    }

    @Test
    void aHeartbeatJustWrittenAfterOurOwnLagIsInFlightNotStuck() {
        // ProberOverloadCauseIT's case: the loop lagged 1.3 s, sending nothing (so nothing was acknowledged), then wrote a
        // heartbeat 2 ms before the snapshot: one segment out, no ACK for 1.36 s, no retransmission
        TcpSnapshot justSent = new TcpSnapshot(LOCAL0 + 1_400 * MS, 1, 0, 0, 200_000, 20_000, 5_000, 10, 1, 0, 0, 2, 20, 1_360);
        StallAttribution a = StallJudge.judge(hang(List.of(justSent), null, "x", 197, false));
        assertThat(a.cause()).as(a.sentence()).isEqualTo(StallCause.LOCAL_OVERLOAD);
        // the same segment out for 300 ms with no ACK is stuck, retransmitted or not
        TcpSnapshot outLong = new TcpSnapshot(LOCAL0 + 1_400 * MS, 1, 0, 0, 200_000, 20_000, 5_000, 10, 1, 0, 0, 300, 20, 1_360);
        assertThat(StallJudge.judge(hang(List.of(outLong), null, "x", 197, false)).cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        // an earlier snapshot of the stall already had data out, with no ACK since: stuck, however young the last write
        TcpSnapshot earlierOut = new TcpSnapshot(LOCAL0 + 1_000 * MS, 1, 0, 0, 200_000, 20_000, 5_000, 10, 1, 0, 0, 80, 20, 960);
        assertThat(StallJudge.judge(hang(List.of(earlierOut, justSent), null, "x", 197, false)).cause())
                .isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
    }

    @Test
    void aLossBeforeItsFirstRetransmissionTimeoutIsALossWhenWeDidNotLag() {
        // a short hang threshold: detected 280 ms after the last echo, the two heartbeats since unacknowledged, the RTO not
        // yet fired, the last one written 100 ms ago; without our own lag nothing excuses the missing ACKs
        TcpSnapshot preRto = new TcpSnapshot(LOCAL0 + 280 * MS, 1, 0, 0, 220_000, 20_000, 5_000, 10, 2, 0, 0, 100, 280, 280);
        assertThat(StallJudge.judge(hang(List.of(preRto), null, "x", 0, false)).cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
    }

    @Test
    void lagDuringARealLossOrAFarEndStallIsNotBlamedOnUs() {
        assertThat(StallJudge.judge(hang(OUR_DATA_STUCK, null, "x", 95, false)).cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        // nothing reached our kernel since the last reply we read: the far end held it, whatever our lag
        assertThat(StallJudge.judge(hang(OUR_DATA_ACKED, null, "x", 95, false)).cause()).isEqualTo(StallCause.FAR_END_STALL);
    }

    @Test
    void withoutOurOwnTcpInfoItSaysWhatIsMissing() {
        StallCase noEpoll = new StallCase(StallAttribution.Subject.HANG, 0, T0, 4_000 * MS, true, List.of(), null, "no TCP_INFO (NIO)", false, 0,
                50 * MS, T0, LOCAL0, 4_050 * MS, HB, null, null);
        StallAttribution a = StallJudge.judge(noEpoll);
        assertThat(a.cause()).isEqualTo(StallCause.UNKNOWN);
        assertThat(a.missing()).isEqualTo("no TCP_INFO (NIO)");
        assertThat(a.open()).isTrue();
    }

    /** A 200 ms path: our snapshots at 200 ms RTT, two heartbeats always in flight. */
    private static TcpSnapshot ours200(long atMs, long unacked, int retransmits, long totalRetrans, long ackMs, long recvMs) {
        return new TcpSnapshot(LOCAL0 + atMs * MS, 1, retransmits, retransmits, 400_000, 200_000, 10_000, 10, unacked, 0, totalRetrans,
                50, recvMs, ackMs);
    }

    private static StallCase hang200(List<TcpSnapshot> prober, PeerInfoReply responder) {
        return new StallCase(StallAttribution.Subject.HANG, 0, T0, 4_000 * MS, false, prober, null, null, false, 0, 50 * MS, T0, LOCAL0,
                4_200 * MS, HB, responder, null);
    }

    @Test
    void onALongPathHeartbeatsInFlightDoNotHideAFarEndStall() {
        List<TcpSnapshot> acking = List.of(ours200(1_000, 2, 0, 0, 100, 950), ours200(3_900, 2, 0, 0, 90, 3_850));
        assertThat(StallJudge.judge(hang200(acking, null)).cause()).isEqualTo(StallCause.FAR_END_STALL);
    }

    @Test
    void aLinkCutBothWaysNextToUsOnALongPathIsForwardLossThoughRepliesInFlightWereLost() {
        // the responder still got an RTT of requests after our last answered one (to +190 ms), and retransmits their replies
        List<TcpSnapshot> stuck = List.of(ours200(1_000, 3, 2, 2, 900, 950), ours200(3_900, 5, 4, 4, 3_800, 3_850));
        StallAttribution a = StallJudge.judge(hang200(stuck, responder(theirs(1_000, 2, 2, 2, 810, 1_000), theirs(3_500, 2, 4, 4, 3_310, 3_500))));
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_LOSS);
        // while a dead reply direction let requests in for our RTO (400 ms here) and beyond
        StallAttribution r = StallJudge.judge(hang200(stuck, responder(theirs(1_000, 4, 2, 2, 500, 1_000), theirs(3_500, 4, 4, 4, 3_000, 3_500))));
        assertThat(r.cause()).isEqualTo(StallCause.REVERSE_LOSS);
    }

    @Test
    void aRespondersReplyJustWrittenIsNotTakenForAStuckOne() {
        // requests arrived well after the marker, its reply is unacknowledged only as long as an RTT: not stuck, so not reverse
        StallAttribution a = StallJudge.judge(hang(OUR_DATA_STUCK, responder(theirs(1_000, 1, 0, 0, 500, 15)), null, 0, false));
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        assertThat(a.missing()).isEqualTo("the responder's view is inconclusive");
    }

    private static StallCase cycle(long lastEchoAt, PeerInfoReply.Status status) {
        // a 1 ms path: the next echo reached the responder (or did not) within a jiffy of the last answered one; its
        // reply is stuck either way (our ACK of the last reply rode on the next request)
        PeerInfoReply reply = new PeerInfoReply(7, status, T0 - 50 * MS, 0, lastEchoAt,
                status == PeerInfoReply.Status.OK ? List.of(theirs(1_000, 1, 2, 2, 999, 1_000)) : List.of(), 0);
        return new StallCase(StallAttribution.Subject.CYCLE, 0, T0, 3_000 * MS, false, List.of(ours(3_000, 1, 3, 3, 3_000, 3_000)),
                null, null, false, 0, 50 * MS, T0, LOCAL0, 3_001 * MS, 0, reply, null);
    }

    @Test
    void aCycleIsToldByTheLastEchoTheResponderReceivedWhateverTheRtt() {
        assertThat(StallJudge.judge(cycle(T0 + MS, PeerInfoReply.Status.OK)).cause()).isEqualTo(StallCause.REVERSE_LOSS);
        assertThat(StallJudge.judge(cycle(T0, PeerInfoReply.Status.OK)).cause()).isEqualTo(StallCause.FORWARD_LOSS);
        // a responder without TCP_INFO still knows which echoes it received
        assertThat(StallJudge.judge(cycle(T0 + MS, PeerInfoReply.Status.NO_TCP_INFO)).cause()).isEqualTo(StallCause.REVERSE_LOSS);
        assertThat(StallJudge.judge(cycle(T0, PeerInfoReply.Status.UNKNOWN_CONNECTION)).cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
    }

    @Test
    void aHeartbeatTooSlowToTellALinkCutFromADeadReplyDirectionSaysSo() {
        StallCase slow = new StallCase(StallAttribution.Subject.HANG, 0, T0, 4_000 * MS, false, OUR_DATA_STUCK, null, null, false, 0, 50 * MS,
                T0, LOCAL0, 4_050 * MS, 300 * MS, responder(theirs(2_000, 4, 3, 3, 1_700, 1_900)), null);
        StallAttribution a = StallJudge.judge(slow);
        assertThat(a.cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        assertThat(a.missing()).contains("heartbeat of at most 150 ms");
    }
}
