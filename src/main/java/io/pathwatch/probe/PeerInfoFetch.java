package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.PathSpec;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.PeerInfo;
import io.pathwatch.wire.PeerInfoReply;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Asks the responder for its snapshots of one of our connections: a fresh authenticated
 * connection (the stalled one cannot carry the question, and after a give-up it no longer exists),
 * one PEER_INFO, its reply, then a reset close like every cycle. Bounded by the path's timeout per
 * phase; reports exactly once, on the path's event loop: the reply, or why there is none.
 */
final class PeerInfoFetch implements Handshake.Callback, FrameSink {

    /** How many snapshots a reply may carry: 32 × 52 bytes, a 1.7 KB request. */
    static final int SNAPSHOTS = 32;

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final PeerInfo request;
    private final BiConsumer<PeerInfoReply, String> done;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean finished;

    PeerInfoFetch(ProbeClient client, PathSpec path, EventLoop loop, long connectionId, long fromEpochNanos, long toEpochNanos,
                  BiConsumer<PeerInfoReply, String> done) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.request = PeerInfo.ofSnapshots(connectionId, fromEpochNanos, toEpochNanos, SNAPSHOTS);
        this.done = done;
    }

    /** Must be called on {@code loop}. */
    void start() {
        new Handshake(client, path, loop, this).start();
    }

    @Override
    public void established(Channel ch, ProbeChannelHandler handler, Timings timings) {
        channel = ch;
        handler.handOver(this);
        ch.writeAndFlush(request);
        timer = loop.schedule(() -> finish(null, "the responder did not answer PEER_INFO within " + path.settings().timeout()),
                path.settings().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(Failure failure, Timings timings) {
        finish(null, "the responder could not be reached for PEER_INFO (" + failure.kind().key() + " in " + failure.phase() + ")");
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame instanceof PeerInfoReply r && r.connectionId() == request.connectionId()) {
            finish(r, null);
        } else if (frame instanceof ErrorFrame e) {
            finish(null, e.code() == ErrorCode.UNKNOWN_TYPE ? "the responder does not know PEER_INFO (an older version)"
                    : "the responder answered PEER_INFO with ERROR " + e.code());
        } else {
            finish(null, "the responder answered PEER_INFO with " + frame.type());
        }
    }

    @Override
    public void onError(Throwable cause) {
        finish(null, "PEER_INFO failed: " + cause);
    }

    @Override
    public void onClosed() {
        finish(null, "the responder closed the PEER_INFO connection");
    }

    private void finish(PeerInfoReply reply, String missing) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            Abort.close(channel);
        }
        done.accept(reply, missing);
    }
}
