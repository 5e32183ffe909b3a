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
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Asks the responder for its snapshots of one of our connections: a fresh authenticated
 * connection (the stalled one cannot carry the question, and after a give-up it no longer exists),
 * one PEER_INFO, its reply, then a reset close like every cycle. Bounded by the path's timeout per
 * phase; reports exactly once, on the path's event loop: the reply, or why there is none.
 */
final class PeerInfoFetch {

    /** How many snapshots a reply may carry: 32 × 52 bytes, a 1.7 KB request. */
    static final int SNAPSHOTS = 32;
    /**
     * Connections to try while the answer is "unknown connection": behind a load balancer with
     * several responders, each new connection (a new source port) may land on another one, and only
     * the one that served the stalled connection knows it. With two responders, 1 ask in 16 misses.
     */
    static final int ATTEMPTS = 4;
    /** A responder whose max-frame-bytes refuses the full request is asked once more for this few (a 454-byte request). */
    static final int FEW_SNAPSHOTS = 8;

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final InetAddress address;
    private PeerInfo request;
    private final BiConsumer<PeerInfoReply, String> done;
    private int attempts;
    private boolean finished;
    private Attempt current;

    /** @param address where the connection asked about went (not a fresh resolve, which may pick another), or null to resolve */
    PeerInfoFetch(ProbeClient client, PathSpec path, EventLoop loop, InetAddress address, long connectionId, long fromEpochNanos,
                  long toEpochNanos, BiConsumer<PeerInfoReply, String> done) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.address = address;
        this.request = PeerInfo.ofSnapshots(connectionId, fromEpochNanos, toEpochNanos, SNAPSHOTS);
        this.done = done;
    }

    /** Must be called on {@code loop}. */
    void start() {
        if (finished) {
            return;
        }
        attempts++;
        Attempt attempt = new Attempt();
        current = attempt;
        Handshake h = new Handshake(client, path, loop, attempt);
        if (address != null) {
            h.start(address);
        } else {
            h.start();
        }
    }

    /** Gives up at once, closing the connection in use, and reports nothing: the path is stopping. On the loop. */
    void cancel() {
        finished = true;
        if (current != null) {
            current.end(null, null);
        }
    }

    private void finish(PeerInfoReply reply, String missing) {
        if (!finished) {
            finished = true;
            done.accept(reply, missing);
        }
    }

    /** One connection: its events are its own, so a retry's close never reads as the answer. */
    private final class Attempt implements Handshake.Callback, FrameSink {

        private Channel channel;
        private ScheduledFuture<?> timer;
        private boolean over;

        @Override
        public void established(Channel ch, ProbeChannelHandler handler, Timings timings) {
            if (over) {
                Abort.close(ch); // cancelled while it connected
                return;
            }
            channel = ch;
            handler.handOver(this);
            ch.writeAndFlush(request);
            timer = loop.schedule(() -> end(null, "the responder did not answer PEER_INFO within " + path.settings().timeout()),
                    path.settings().timeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void failed(Failure failure, Timings timings) {
            end(null, "the responder could not be reached for PEER_INFO (" + failure.kind().key() + " in " + failure.phase() + ")");
        }

        @Override
        public void onFrame(Frame frame) {
            if (frame instanceof PeerInfoReply r && r.connectionId() == request.connectionId()) {
                if (r.status() == PeerInfoReply.Status.UNKNOWN_CONNECTION && attempts < ATTEMPTS) {
                    end(null, null);
                    start(); // another responder behind the same address may know it
                    return;
                }
                end(r, null);
            } else if (frame instanceof ErrorFrame e && e.code() == ErrorCode.FRAME_TOO_LONG && request.room() > FEW_SNAPSHOTS) {
                request = PeerInfo.ofSnapshots(request.connectionId(), request.fromEpochNanos(), request.toEpochNanos(), FEW_SNAPSHOTS);
                end(null, null);
                start(); // a responder with a small max-frame-bytes: ask for fewer
            } else if (frame instanceof ErrorFrame e) {
                end(null, e.code() == ErrorCode.UNKNOWN_TYPE ? "the responder does not know PEER_INFO (an older version)"
                        : "the responder answered PEER_INFO with ERROR " + e.code());
            } else {
                end(null, "the responder answered PEER_INFO with " + frame.type());
            }
        }

        @Override
        public void onError(Throwable cause) {
            end(null, "PEER_INFO failed: " + cause);
        }

        @Override
        public void onClosed() {
            end(null, "the responder closed the PEER_INFO connection");
        }

        /** Closes this connection; reports unless it is being retried ({@code missing} and {@code reply} both null). */
        private void end(PeerInfoReply reply, String missing) {
            if (over) {
                return;
            }
            over = true;
            if (timer != null) {
                timer.cancel(false);
            }
            if (channel != null) {
                Abort.close(channel);
            }
            if (reply != null || missing != null) {
                finish(reply, missing);
            }
        }
    }
}
