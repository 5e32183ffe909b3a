package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.LoopbackStallRig;
import io.pathwatch.testing.NetnsStallRig;
import io.pathwatch.testing.StallCase;
import io.pathwatch.testing.StallObservation;
import io.pathwatch.testing.StunnelPair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's causes against stalls provoked for real, one run of each (bench/run.sh stall-causes
 * repeats them for the confusion matrix in docs/accuracy.md). Below TCP, in two namespaces joined
 * by a veth pair ({@link NetnsStallRig}): only the replies dropped for 4 s must be
 * {@code reverse_loss}, only the requests {@code forward_loss}, the link down {@code forward_loss}
 * (the responder hears nothing either way). Above TCP, on loopback ({@link LoopbackStallRig}): the
 * lab holding data for 4 s while its sockets keep acknowledging is a {@code far_end_stall}, also
 * between the two ends of a real stunnel pair (stunnel terminates TCP); the lab resetting every
 * connection makes the failed cycles' cause {@code reset}.
 *
 * <p>Each case first checks the impairment itself: exactly one new hang, of 4 s plus at most the
 * time TCP takes to deliver again ({@link #SLACK_MS} either way). Then the cause, from
 * {@code window.hangs.last} once settled ({@code open=false}). Skipped per case with a message
 * where root, ip netns, curl, nft or stunnel are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsStallCauseIT {

    /**
     * A hang starts half a heartbeat (50 ms) after the last echo before the stall, so within 50 ms
     * of the stall's start either way; starting and ending a loss runs a process (nft, ip), a few
     * ms; the rest is this shared 2-CPU host waking the prober's threads late under a full verify
     * (a bench run saw a lab stall's hang end 33 ms after the 50 ms). A hang that is not the
     * stall's would miss by seconds.
     */
    private static final double SLACK_MS = 200;

    @TempDir
    static Path dir;
    private NetnsStallRig netns;
    private LoopbackStallRig loopback;

    /** The loopback prober's JVM starts while the namespace cases run: it is only waited for when its cases come. */
    @BeforeAll
    void startLoopback() throws Exception {
        loopback = LoopbackStallRig.start(dir, StunnelPair.missing() == null, List.of());
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (netns != null) {
            netns.close();
        }
        if (loopback != null) {
            loopback.close();
        }
    }

    /** A cycle whose next request never reached the responder: every cycle failed meanwhile is forward_loss. */
    @Test
    @Order(10)
    void aCyclesRequestsDroppedAreForwardLoss() throws Exception {
        judgeCycles(netns().run(StallCase.CYCLE_FORWARD));
    }

    /** A cycle whose responder got the request but whose reply never came back: reverse_loss, told by the responder's last ECHO. */
    @Test
    @Order(11)
    void aCyclesRepliesDroppedAreReverseLoss() throws Exception {
        judgeCycles(netns().run(StallCase.CYCLE_REVERSE));
    }

    private static void judgeCycles(StallObservation o) {
        System.out.println(o.kase().key + ": cycle causes " + o.cycleCauses() + "; " + o.api());
        assertThat(o.cycleCauses().getOrDefault(o.kase().expected, 0L)).as("cycles failed with cause %s; %s", o.kase().expected, o.api())
                .isPositive();
        assertThat(o.cycleCauses()).as("no other cause among the cycles failed meanwhile; %s", o.api())
                .allSatisfy((k, n) -> assertThat(n == 0 || k.equals(o.kase().expected)).isTrue());
    }

    @Test
    @Order(1)
    void onlyTheRepliesDroppedIsReverseLoss() throws Exception {
        judgeHang(netns().run(StallCase.REVERSE_LOSS), netns.maxRecoveryMs());
    }

    @Test
    @Order(2)
    void onlyTheRequestsDroppedIsForwardLoss() throws Exception {
        judgeHang(netns().run(StallCase.FORWARD_LOSS), netns.maxRecoveryMs());
    }

    @Test
    @Order(3)
    void theLinkDownIsForwardLoss() throws Exception {
        judgeHang(netns().run(StallCase.LINK_DOWN), netns.maxRecoveryMs());
    }

    @Test
    @Order(4)
    void theLabHoldingDataIsAFarEndStall() throws Exception {
        judgeHang(loopback().run(StallCase.LAB_STALL), loopback.maxRecoveryMs());
    }

    @Test
    @Order(5)
    void theLabHoldingDataBetweenTheStunnelsIsAFarEndStall() throws Exception {
        assumeThat(StunnelPair.missing()).as("skipping the stunnel case: %s", StunnelPair.missing()).isNull();
        judgeHang(loopback().run(StallCase.STUNNEL_STALL), loopback.maxRecoveryMs());
    }

    @Test
    @Order(6)
    void theLabResettingConnectionsIsReset() throws Exception {
        StallObservation o = loopback().run(StallCase.LAB_RESET);
        report(o);
        assertThat(o.resetsAdded()).as("cycles failed by reset while the lab reset connections; %s", o.api()).isPositive();
        assertThat(o.attributed()).as("window.cycleCauses in the API (issue 13's attribution); %s", o.api()).isTrue();
        assertThat(o.cycleCauses().getOrDefault("reset", 0L)).as("window.cycleCauses.reset; %s", o.api()).isPositive();
    }

    private NetnsStallRig netns() throws Exception {
        String missing = NetnsStallRig.missing();
        assumeThat(missing).as("skipping the namespace cases: %s", missing).isNull();
        if (netns == null) {
            netns = NetnsStallRig.start(dir, "sc");
            System.out.println("namespaces: TCP retransmission timeout capped at 1 s: " + netns.rtoCapped());
        }
        return netns;
    }

    private LoopbackStallRig loopback() {
        return loopback;
    }

    private static void judgeHang(StallObservation o, long maxRecoveryMs) {
        report(o);
        double low = StallCase.IMPAIRED_MS - SLACK_MS;
        double high = StallCase.IMPAIRED_MS + maxRecoveryMs + SLACK_MS;
        assertThat(o.hangsAdded()).as("new hangs; %s", o.api()).isEqualTo(1);
        assertThat(o.hangMs()).as("the new hang's duration (ms); %s", o.api()).isBetween(low, high);
        // the cause, once issue 13's attribution is in the API
        assertThat(o.attributed()).as("window.hangs.last in the API (issue 13's attribution); %s", o.api()).isTrue();
        assertThat(o.cause()).as("window.hangs.last.cause of the settled hang; %s", o.api()).isEqualTo(o.kase().expected);
        assertThat(o.causeHangMs()).as("window.hangs.last.durationMs; %s", o.api()).isBetween(low, high);
    }

    private static void report(StallObservation o) {
        System.out.printf("%s (%s): %d new hang(s), %.1f ms; resets %d; expected %s, reported %s%n", o.kase().key, o.kase().how,
                o.hangsAdded(), o.hangMs(), o.resetsAdded(), o.kase().expected, o.reported());
    }
}
