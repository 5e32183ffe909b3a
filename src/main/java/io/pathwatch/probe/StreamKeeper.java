package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.WallClock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A path's long-lived stream, like the real data feed: one connection that sends a heartbeat
 * every {@code heartbeat} and watches the echoes. No echo for longer than {@code hang-threshold}
 * while heartbeats are outstanding is a hang. It ends with the next echo (or the disconnect); it
 * began somewhere between the last echo and the moment the next one was due, so its start is
 * taken as the midpoint, half a heartbeat after the last echo: durations are then right to within
 * half a heartbeat either way. RTTs run from each heartbeat's intended send time, so a stalled event loop or
 * write cannot hide delay (no coordinated omission). Disconnects are counted and reconnected with
 * exponential backoff. Pinned to one event loop: every field is touched from it alone.
 */
final class StreamKeeper implements Handshake.Callback, FrameSink {

    private static final Logger log = LoggerFactory.getLogger(StreamKeeper.class);
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_OUTSTANDING = 4096;

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final ProbeListener listener;
    private final long heartbeat;
    private final long hangThreshold;
    private final long timeout;
    private final long minBackoff;
    private final long[] intended;
    private long backoff;
    private boolean stopped;
    private Channel channel;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> reconnect;
    private long start;
    private long nextSeq;
    private long oldestSeq;
    private long lastEcho;
    private boolean gotEcho;
    private boolean hangOpen;
    private long hangStart;
    private long hangStartWall;
    private FailureKind lastFailure;

    StreamKeeper(ProbeClient client, PathSpec path, EventLoop loop, ProbeListener listener) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.listener = listener;
        this.heartbeat = path.settings().heartbeat().toNanos();
        this.hangThreshold = path.settings().hangThreshold().toNanos();
        this.timeout = path.settings().timeout().toNanos();
        this.minBackoff = Math.min(TimeUnit.SECONDS.toNanos(1), path.settings().interval().toNanos());
        this.backoff = minBackoff;
        this.intended = new long[(int) Math.min(MAX_OUTSTANDING, timeout / heartbeat + 4)];
    }

    void start(long delayNanos) {
        loop.schedule(this::connect, delayNanos, TimeUnit.NANOSECONDS);
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void connect() {
        if (!stopped) {
            new Handshake(client, path, loop, this).start();
        }
    }

    @Override
    public void established(Channel ch, ProbeChannelHandler handler, Timings timings) {
        if (stopped) {
            ch.close();
            return;
        }
        channel = ch;
        handler.handOver(this);
        start = System.nanoTime();
        lastEcho = start;
        gotEcho = false;
        nextSeq = 0;
        oldestSeq = 0;
        listener.streamConnected(WallClock.nanos());
        ticker = loop.scheduleAtFixedRate(this::tick, 0, heartbeat, TimeUnit.NANOSECONDS);
        if (lastFailure != null) {
            log.info("path {}: stream reconnected after {}", path.name(), lastFailure.key());
            lastFailure = null;
        }
    }

    @Override
    public void failed(Failure failure, Timings timings) {
        if (lastFailure != failure.kind()) {
            log.info("path {}: stream cannot connect ({} in {}: {}); retrying with backoff", path.name(),
                    failure.kind().key(), failure.phase(), failure.detail());
        }
        lastFailure = failure.kind();
        scheduleReconnect();
    }

    /** One heartbeat: expire what timed out, watch for a hang, send the next. */
    private void tick() {
        long now = System.nanoTime();
        expire(now);
        if (!hangOpen && oldestSeq < nextSeq && now - lastEcho > hangThreshold) {
            hangOpen = true;
            hangStart = lastEcho + heartbeat / 2;
            hangStartWall = WallClock.nanos() - (now - hangStart);
            listener.hangStarted(hangStartWall);
        }
        long seq = nextSeq;
        long due = start + seq * heartbeat;
        if (nextSeq - oldestSeq == intended.length) {
            oldestSeq++;
            listener.heartbeatsLost(1);
        }
        intended[(int) (seq % intended.length)] = due;
        nextSeq++;
        listener.heartbeatSent();
        if (channel.isWritable()) {
            channel.writeAndFlush(Echo.ofFrameSize(seq, WallClock.nanos(), path.settings().payloadBytes()), channel.voidPromise());
        }
    }

    private void expire(long now) {
        int lost = 0;
        while (oldestSeq < nextSeq && now - intended[(int) (oldestSeq % intended.length)] > timeout) {
            oldestSeq++;
            lost++;
        }
        if (lost > 0) {
            listener.heartbeatsLost(lost);
        }
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame instanceof EchoReply r) {
            echo(r.sequence());
        } else if (frame instanceof ErrorFrame e) {
            drop(FailureClassifier.of(e.code()), "responder answered ERROR " + e.code());
        } else {
            drop(FailureKind.PROTOCOL_ERROR, "unexpected " + frame.type() + " on the stream");
        }
    }

    private void echo(long seq) {
        long now = System.nanoTime();
        if (seq >= oldestSeq && seq < nextSeq) {
            if (seq > oldestSeq) {
                listener.heartbeatsLost((int) (seq - oldestSeq));
            }
            listener.streamEcho(now - intended[(int) (seq % intended.length)]);
            oldestSeq = seq + 1;
        }
        lastEcho = now;
        gotEcho = true;
        if (hangOpen) {
            endHang();
        }
    }

    private void endHang() {
        hangOpen = false;
        listener.hangEnded(hangStartWall, System.nanoTime() - hangStart);
    }

    @Override
    public void onError(Throwable cause) {
        Failure f = FailureClassifier.classify(cause, Phase.ECHO);
        drop(f.kind(), f.detail());
    }

    @Override
    public void onClosed() {
        drop(FailureKind.RESET, "closed by the far end");
    }

    private void drop(FailureKind reason, String detail) {
        if (channel == null) {
            return;
        }
        Channel ch = channel;
        channel = null;
        ticker.cancel(false);
        ch.close();
        if (hangOpen) {
            endHang();
        }
        if (nextSeq > oldestSeq) {
            listener.heartbeatsLost((int) (nextSeq - oldestSeq));
            oldestSeq = nextSeq;
        }
        listener.streamDisconnected(WallClock.nanos(), reason);
        if (!stopped) {
            log.info("path {}: stream disconnected ({}: {}), reconnecting", path.name(), reason.key(), detail);
            if (gotEcho) {
                backoff = minBackoff;
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (stopped) {
            return;
        }
        long jittered = (long) (backoff * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        reconnect = loop.schedule(this::connect, jittered, TimeUnit.NANOSECONDS);
        backoff = Math.min(MAX_BACKOFF, backoff * 2);
    }
}
