package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.TcpInfoReader;
import io.pathwatch.wire.TcpSnapshot;
import io.pathwatch.wire.WallClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One probe cycle on a fresh connection: the handshake, then {@code echo-count} echoes one after
 * another, then close. Runs entirely on one event loop and reports exactly one
 * {@link CycleOutcome}. A connect-mode path's cycle is the handshake alone (resolve, connect,
 * TLS): it plans no echo and closes as soon as the connection is up.
 */
final class ProbeCycle implements Handshake.Callback, FrameSink {

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final long lagNanos;
    private final Consumer<CycleOutcome> done;
    private final int planned;
    private final List<EchoSample> samples;
    private Timings timings = Timings.NONE;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long sequence;
    private long sentWall;
    private long sentMono;
    private boolean finished;
    private final CycleInquiries inquiries;
    /** When the last reply of this connection arrived (HELLO_OK, then each echo), monotonic. */
    private long lastReplyNanos;
    private long startedNanos;

    ProbeCycle(ProbeClient client, PathSpec path, EventLoop loop, long lagNanos, Consumer<CycleOutcome> done, CycleInquiries inquiries) {
        this.inquiries = inquiries;
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.lagNanos = lagNanos;
        this.done = done;
        this.planned = path.streams() ? path.settings().echoCount() : 0;
        this.samples = new ArrayList<>(planned);
    }

    /** Must be called on {@code loop}. */
    void start() {
        startedNanos = System.nanoTime();
        new Handshake(client, path, loop, this).start();
    }

    @Override
    public void established(Channel channel, ProbeChannelHandler handler, Timings timings) {
        this.channel = channel;
        this.timings = timings;
        lastReplyNanos = System.nanoTime();
        handler.handOver(this);
        if (planned == 0) {
            finish(null);
        } else {
            sendEcho();
        }
    }

    @Override
    public void failed(Failure failure, Timings timings) {
        this.timings = timings;
        finish(failure);
    }

    private void sendEcho() {
        sequence++;
        sentWall = WallClock.nanos();
        sentMono = System.nanoTime();
        channel.writeAndFlush(Echo.ofFrameSize(sequence, sentWall, path.settings().payloadBytes()));
        timer = loop.schedule(() -> finish(new Failure(FailureKind.TIMEOUT, Phase.ECHO,
                "echo " + sequence + " got no reply within " + path.settings().timeout())),
                path.settings().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onFrame(Frame frame) {
        if (finished) {
            return;
        }
        long rtt = System.nanoTime() - sentMono;
        if (frame instanceof EchoReply r && r.sequence() == sequence) {
            timer.cancel(false);
            lastReplyNanos = System.nanoTime();
            samples.add(new EchoSample(rtt, sentWall, r.t2(), r.t3(), sentWall + rtt));
            if (samples.size() == planned) {
                finish(null);
            } else {
                sendEcho();
            }
        } else if (frame instanceof ErrorFrame e) {
            finish(new Failure(FailureClassifier.of(e.code()), Phase.ECHO, "responder answered ERROR " + e.code()));
        } else {
            finish(new Failure(FailureKind.PROTOCOL_ERROR, Phase.ECHO, "expected ECHO_REPLY " + sequence + ", got " + frame));
        }
    }

    @Override
    public void onError(Throwable cause) {
        finish(FailureClassifier.classify(cause, Phase.ECHO));
    }

    @Override
    public void onClosed() {
        finish(new Failure(FailureKind.RESET, Phase.ECHO, "connection closed by the far end during echoes"));
    }

    private void finish(Failure failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        StallCase stall = stallCase(failure);
        java.net.InetAddress address = timings.address();
        if (channel != null) {
            if (planned == 0) {
                // someone else's service: an orderly close (FIN, and TLS close_notify) reads as a client leaving, not as an
                // error in its logs; the TIME_WAIT it leaves here is one socket per cycle, a minute each
                channel.close();
            } else {
                Abort.close(channel);
            }
        }
        done.accept(new CycleOutcome(lagNanos, timings.dns(), timings.connect(), timings.tls(), samples, planned,
                (int) sequence, lost(failure), failure == null ? null : failure.kind(), failure == null ? null : failure.phase(),
                failure == null ? null : failure.detail(), address == null ? null : address.getHostAddress()));
        if (stall != null) {
            inquiries.inquire(stall, timings.connection() == null ? 0 : Long.parseUnsignedLong(timings.connection(), 16), address);
        }
    }

    /**
     * A cycle that connected and then timed out or was reset (in HELLO or its echoes) gets a
     * cause; failures of authentication, TLS or the protocol are not stalls. Our socket's
     * TCP_INFO is read here, before the close.
     */
    private StallCase stallCase(Failure failure) {
        if (failure == null || failure.kind() != FailureKind.TIMEOUT && failure.kind() != FailureKind.RESET
                || failure.phase() != Phase.HELLO && failure.phase() != Phase.ECHO) {
            return null;
        }
        boolean inEchoes = channel != null;
        TcpSnapshot s = inEchoes ? TcpInfoReader.read(channel) : null;
        long now = System.nanoTime();
        long since = inEchoes ? sentMono : startedNanos;
        long marker = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).t2();
        long markerLocal = lastReplyNanos == 0 ? since : lastReplyNanos;
        return new StallCase(StallAttribution.Subject.CYCLE, since, WallClock.nanos() - (now - since), now - since, false,
                s == null ? List.of() : List.of(s), null, s != null ? null : inEchoes ? "the socket was already closed"
                : "the cycle failed in HELLO, whose connection the prober does not keep", failure.kind() == FailureKind.RESET, lagNanos,
                path.settings().maxSelfLag().toNanos(), marker, WallClock.nanos() - (now - markerLocal), now - markerLocal, 0, null, null);
    }

    /**
     * Echoes sent that did not come back: the one a timeout or reset caught in flight. Echoes
     * never sent (the cycle failed before them, in HELLO or TLS, or stopped at the first that was
     * lost) are not loss, and neither are configuration-type failures (authentication, protocol).
     */
    private int lost(Failure failure) {
        if (failure == null || failure.phase() != Phase.ECHO) {
            return 0;
        }
        return failure.kind() == FailureKind.TIMEOUT || failure.kind() == FailureKind.RESET ? (int) sequence - samples.size() : 0;
    }
}
