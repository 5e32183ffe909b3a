package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.TcpInfoReader;
import io.pathwatch.wire.TcpSnapshot;
import io.pathwatch.wire.WallClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds out where one hang of the stream was. Collects our socket's TCP_INFO at the hang's
 * start and every heartbeat while it lasts (the first and the latest {@link #KEPT} kept), and at its
 * end (kept apart: it shows the recovery, not the stall); asks the responder for its snapshots of the hung connection (PEER_INFO) while the hang is
 * open, then every {@link #REFETCH_SECONDS} s while it stays open (at most {@link #OPEN_FETCHES}
 * times: a dead path answers none of them), and once more right after it ends; reports a
 * provisional cause after each answer while open, and the settled cause after the last. All on
 * the path's event loop.
 */
final class HangInquiry {

    static final int KEPT = 16;
    static final long REFETCH_SECONDS = 10;
    static final int OPEN_FETCHES = 6;

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final ProbeListener listener;
    private final long startNanos;
    private final long startEpochNanos;
    private final long connectionId;
    private final Channel channel;
    private final long markerEpochNanos;
    private final long markerNanos;
    private final long markerLocalEpochNanos;
    private TcpSnapshot atEnd;
    private final List<TcpSnapshot> snapshots = new ArrayList<>();
    private final String proberMissing;
    private long maxLagNanos;
    private boolean reset;
    private long endNanos = -1;
    private boolean fetching;
    private int openFetches;
    private boolean settled;
    private boolean cancelled;
    private PeerInfoFetch fetch;
    private final InetAddress address;
    private PeerInfoReply lastReply;
    private String lastMissing = "the responder's view has not been fetched yet";

    /**
     * @param markerEpochNanos the responder's receive time (T2) of the last echo on {@code channel}, 0 if none came back
     * @param markerNanos      when we received that echo (or HELLO_OK), monotonic
     */
    HangInquiry(ProbeClient client, PathSpec path, EventLoop loop, ProbeListener listener, long startNanos, long startEpochNanos,
                Channel channel, long connectionId, long markerEpochNanos, long markerNanos, long lagSoFarNanos) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.listener = listener;
        this.startNanos = startNanos;
        this.startEpochNanos = startEpochNanos;
        this.channel = channel;
        this.connectionId = connectionId;
        this.markerEpochNanos = markerEpochNanos;
        this.markerNanos = markerNanos;
        this.markerLocalEpochNanos = WallClock.nanos() - (System.nanoTime() - markerNanos);
        this.maxLagNanos = lagSoFarNanos;
        this.address = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        this.proberMissing = TcpInfoReader.available(channel) ? null : "no TCP_INFO of the prober's socket (NIO transport: native epoll did not load)";
        snapshot();
        fetch();
    }

    /** A snapshot of the hung connection's socket, if it is still the one open; the first and the latest are kept. */
    void snapshot() {
        TcpSnapshot s = TcpInfoReader.read(channel);
        if (s == null) {
            return;
        }
        if (snapshots.size() == KEPT) {
            snapshots.remove(1);
        }
        snapshots.add(s);
    }

    void lag(long lateNanos) {
        maxLagNanos = Math.max(maxLagNanos, lateNanos);
    }

    /** The hung connection is being dropped: by the far end ({@code byReset}) or by our give-up. */
    void dropping(boolean byReset) {
        snapshot();
        atEnd = TcpInfoReader.read(channel);
        reset |= byReset;
    }

    /** No more reports and no more connections: the stream is stopping. */
    void cancel() {
        cancelled = true;
        if (fetch != null) {
            fetch.cancel();
        }
    }

    /** Nothing more will come of it: settled or cancelled. */
    boolean over() {
        return settled || cancelled;
    }

    boolean concerns(Channel ch) {
        return ch == channel;
    }

    /** Echoes flow again at {@code nowNanos}. */
    void ended(long nowNanos) {
        TcpSnapshot s = TcpInfoReader.read(channel);
        if (s != null) {
            atEnd = s;
        }
        endNanos = nowNanos;
        if (!fetching) {
            fetch();
        }
    }

    private void fetch() {
        if (connectionId == 0) {
            report(null, "the hung connection has no id");
            return;
        }
        fetching = true;
        boolean open = endNanos < 0;
        long to = open || markerEpochNanos == 0 ? Long.MAX_VALUE : markerEpochNanos + (endNanos - markerNanos) + TimeUnit.SECONDS.toNanos(1);
        fetch = new PeerInfoFetch(client, path, loop, address, connectionId, markerEpochNanos, to, (reply, missing) -> answered(open, reply, missing));
        fetch.start();
    }

    private void answered(boolean askedWhileOpen, PeerInfoReply reply, String missing) {
        fetching = false;
        if (cancelled) {
            return;
        }
        if (askedWhileOpen && endNanos >= 0) {
            remember(reply, missing); // the hang ended while we asked: ask again for the snapshots up to its end
            fetch();
            return;
        }
        report(reply, missing);
        if (endNanos < 0 && ++openFetches < OPEN_FETCHES) {
            loop.schedule(() -> {
                if (endNanos < 0 && !fetching && !cancelled) {
                    fetch();
                }
            }, REFETCH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** A later answer replaces an older one, but only an answer with snapshots replaces one with snapshots. */
    private void remember(PeerInfoReply reply, String missing) {
        boolean hadSnapshots = lastReply != null && lastReply.status() == PeerInfoReply.Status.OK;
        if (!hadSnapshots || reply != null && reply.status() == PeerInfoReply.Status.OK) {
            lastReply = reply;
            lastMissing = missing;
        }
    }

    private void report(PeerInfoReply reply, String missing) {
        if (settled || cancelled) {
            return;
        }
        boolean open = endNanos < 0;
        remember(reply, missing);
        long now = open ? System.nanoTime() : endNanos;
        StallCase c = new StallCase(StallAttribution.Subject.HANG, startNanos, startEpochNanos, now - startNanos, open, snapshots,
                atEnd, proberMissing, reset, maxLagNanos, path.settings().maxSelfLag().toNanos(), markerEpochNanos, markerLocalEpochNanos,
                now - markerNanos,
                path.settings().heartbeat().toNanos(), lastReply, lastMissing);
        settled = !open;
        listener.stallAttributed(StallJudge.judge(c));
    }
}
