package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.StallAttribution;
import java.util.function.Consumer;

/**
 * Finds out where a cycle that failed after connecting stalled, for one path: a reset needs no
 * more than itself; a timeout asks the responder for its view of the connection. At most one
 * PEER_INFO of a path's cycles is in flight: a path whose cycles all time out must not double its
 * connections to a struggling responder, so the cycles failing meanwhile are judged on our view
 * alone and say so. On the path's event loop.
 */
final class CycleInquiries {

    /** No cycle attribution at all (a cycle run on demand reports only its outcome). */
    static final CycleInquiries NONE = new CycleInquiries(null, null, null, a -> { });

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final Consumer<StallAttribution> report;
    private boolean fetching;
    private boolean stopped;
    private PeerInfoFetch fetch;

    CycleInquiries(ProbeClient client, PathSpec path, EventLoop loop, Consumer<StallAttribution> report) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.report = report;
    }

    /** @param c the cycle's case without the responder's view; {@code connectionId} 0 when HELLO did not complete */
    void inquire(StallCase c, long connectionId, java.net.InetAddress address) {
        if (this == NONE || stopped) {
            return;
        }
        if (c.reset() || connectionId == 0 || fetching) {
            String missing = c.reset() ? null : connectionId == 0 ? "the cycle failed before HELLO_OK named its connection"
                    : "another PEER_INFO for this path was in flight";
            report.accept(StallJudge.judge(withResponder(c, null, missing)));
            return;
        }
        fetching = true;
        fetch = new PeerInfoFetch(client, path, loop, address, connectionId, c.markerEpochNanos(), Long.MAX_VALUE, (reply, missing) -> {
            fetching = false;
            if (!stopped) {
                report.accept(StallJudge.judge(withResponder(c, reply, missing)));
            }
        });
        fetch.start();
    }

    /** No more reports and no more connections: the path is stopping. On the path's loop. */
    void stop() {
        stopped = true;
        if (fetch != null) {
            fetch.cancel();
        }
    }

    private static StallCase withResponder(StallCase c, io.pathwatch.wire.PeerInfoReply reply, String missing) {
        return new StallCase(c.subject(), c.startNanos(), c.startEpochNanos(), c.durationNanos(), c.open(), c.prober(), c.proberAtEnd(),
                c.proberMissing(), c.reset(), c.maxLagNanos(), c.lagThresholdNanos(), c.markerEpochNanos(), c.markerLocalEpochNanos(),
                c.elapsedNanos(), c.heartbeatNanos(), reply, missing);
    }
}
