package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.config.ProbeProperties;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.TcpInfoReader;
import io.pathwatch.wire.TcpSnapshot;
import io.pathwatch.wire.WallClock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A path's long-lived stream, like the real data feed: one connection that sends a heartbeat
 * every {@code heartbeat} and watches the echoes. Pinned to one event loop: every field is
 * touched from it alone.
 * <ul>
 * <li><b>Hangs.</b> No echo for longer than {@code hang-threshold} while heartbeats are
 * outstanding is a hang. It began somewhere between the last echo and the moment the next one was
 * due, so its start is taken as the midpoint, half a heartbeat after the last echo (durations are
 * right to within half a heartbeat). A hang belongs to the path, not the socket: it goes on across
 * a disconnect and a reconnect, and ends when an echo flows again.</li>
 * <li><b>Give-up.</b> A connection silent for {@code stream-give-up} is closed and reconnected
 * (with TCP_USER_TIMEOUT set to match where epoll allows, so the kernel gives up on unacknowledged
 * data as soon); its outstanding heartbeats are lost. Disconnects reconnect with exponential backoff,
 * at the minimum (one attempt a second at most) while a hang is open, so the hang ends on time.</li>
 * <li><b>Fates.</b> A heartbeat is answered (late if after {@code timeout}, with its true RTT) or
 * lost (skipped by the responder, or given up with its connection). One the connection could not
 * take is neither sent nor lost.</li>
 * <li><b>Its own lag.</b> RTTs run from each heartbeat's intended send time (no coordinated
 * omission). Every tick says how late it fired; a tick more than a heartbeat late is the loop
 * catching up (a GC pause, a starved CPU): it sends nothing and decides nothing, because echoes
 * may be waiting unread on this very loop, so silence it sees may be its own.</li>
 * <li><b>Where.</b> Each hang gets a {@link HangInquiry} that reads TCP_INFO of both ends and
 * reports its cause. While connected and not hung, the kernel's smoothed RTT is read about once a
 * second.</li>
 * </ul>
 */
final class StreamKeeper implements Handshake.Callback, FrameSink {

    private static final Logger log = LoggerFactory.getLogger(StreamKeeper.class);
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(30);
    /** Validation keeps give-up / heartbeat within this; the ring holds twice it; beyond the ring the oldest is lost. */
    static final int MAX_OUTSTANDING = ProbeProperties.MAX_OUTSTANDING_HEARTBEATS;

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final ProbeListener listener;
    private final long heartbeat;
    private final long hangThreshold;
    private final long timeout;
    private final long giveUp;
    private final long minBackoff;
    private final long[] intended;
    private final long[] sent;
    private long backoff;
    private boolean stopped;
    private Channel channel;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> reconnect;
    private long start;
    private long ticks;
    private long nextSeq;
    private long oldestSeq;
    private long stallBoundary;
    private long lastEcho;
    private boolean gotEcho;
    private boolean hangOpen;
    private long hangStart;
    private FailureKind lastFailure;
    private String connection;
    private long connectionId;
    /** The responder's receive time (T2) of the last echo on this connection; 0 before the first. */
    private long lastEchoT2;
    /** The worst tick lateness since the last echo: the prober's own lag over a silence. */
    private long lagSinceEcho;
    private HangInquiry inquiry;
    /** Inquiries open or still settling, so that stopping silences every one of them. */
    private final java.util.List<HangInquiry> inquiries = new java.util.ArrayList<>();
    private final int ticksPerKernelRtt;
    private int ticksToKernelRtt;

    StreamKeeper(ProbeClient client, PathSpec path, EventLoop loop, ProbeListener listener) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.listener = listener;
        this.heartbeat = path.settings().heartbeat().toNanos();
        this.hangThreshold = path.settings().hangThreshold().toNanos();
        this.timeout = path.settings().timeout().toNanos();
        this.giveUp = path.settings().streamGiveUp().toNanos();
        this.minBackoff = Math.min(TimeUnit.SECONDS.toNanos(1), path.settings().interval().toNanos());
        this.backoff = minBackoff;
        // twice the heartbeats of a give-up: those in flight at the last echo (an RTT's worth) sit in the ring too
        int capacity = (int) Math.min(2L * MAX_OUTSTANDING + 4, 2 * (giveUp / heartbeat) + 4);
        this.intended = new long[capacity];
        this.sent = new long[capacity];
        this.ticksPerKernelRtt = (int) Math.max(1, TimeUnit.SECONDS.toNanos(1) / heartbeat);
    }

    void start(long delayNanos) {
        loop.schedule(this::connect, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops without reporting anything more: the agent stopping is no fact about the path. */
    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (ticker != null) {
                ticker.cancel(false);
            }
            inquiries.forEach(HangInquiry::cancel);
            inquiries.clear();
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void connect() {
        if (!stopped) {
            new Handshake(client, path, loop, this, giveUp).start();
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
        ticks = 0;
        lastEcho = start;
        gotEcho = false;
        nextSeq = 0;
        oldestSeq = 0;
        stallBoundary = 0;
        connection = timings.connection();
        connectionId = connection == null ? 0 : Long.parseUnsignedLong(connection, 16);
        lastEchoT2 = 0;
        lagSinceEcho = 0;
        listener.streamConnected(WallClock.nanos());
        ticker = loop.scheduleAtFixedRate(this::tick, 0, heartbeat, TimeUnit.NANOSECONDS);
        if (lastFailure != null) {
            log.info("path {}: stream reconnected after {} (connection {})", path.name(), lastFailure.key(), connection);
        } else {
            log.debug("path {}: stream connected (connection {})", path.name(), connection);
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

    private void tick() {
        try {
            beat();
        } catch (Throwable e) { // a periodic task that throws is never run again
            log.error("path {}: heartbeat tick failed; dropping the stream to start afresh", path.name(), e);
            drop(FailureKind.PROTOCOL_ERROR, "internal error: " + e);
        }
    }

    /** One heartbeat: judge the silence (unless this tick is the loop catching up), send the next. */
    private void beat() {
        if (channel == null) {
            return;
        }
        long now = System.nanoTime();
        long due = start + ticks * heartbeat;
        ticks++;
        long late = Math.max(0, now - due);
        boolean caughtUp = late <= heartbeat;
        lagSinceEcho = Math.max(lagSinceEcho, late);
        if (hangOpen && inquiry != null) {
            inquiry.lag(late);
            if (inquiry.concerns(channel)) {
                inquiry.snapshot(); // before this tick's heartbeat: unacked then counts only what waited a heartbeat or more
            }
        } else if (--ticksToKernelRtt <= 0) {
            ticksToKernelRtt = ticksPerKernelRtt;
            TcpSnapshot s = TcpInfoReader.read(channel);
            if (s != null && s.rttMicros() > 0) {
                listener.kernelRtt(TimeUnit.MICROSECONDS.toNanos(s.rttMicros()));
            }
        }
        if (caughtUp && oldestSeq < nextSeq) {
            long silence = due - lastEcho;
            if (silence > giveUp) {
                listener.heartbeatTick(late, false);
                drop(FailureKind.TIMEOUT, "no echo for " + TimeUnit.NANOSECONDS.toMillis(silence) + " ms (stream-give-up "
                        + path.settings().streamGiveUp() + ")");
                return;
            }
            if (!hangOpen && silence > hangThreshold) {
                hangOpen = true;
                hangStart = lastEcho + heartbeat / 2;
                long startEpoch = WallClock.nanos() - (now - hangStart);
                listener.hangStarted(hangStart, startEpoch);
                inquiry = new HangInquiry(client, path, loop, listener, hangStart, startEpoch, channel, connectionId, lastEchoT2, lastEcho,
                        lagSinceEcho);
                inquiries.removeIf(HangInquiry::over);
                inquiries.add(inquiry);
            }
        }
        boolean write = caughtUp && channel.isWritable();
        if (write) {
            long seq = nextSeq;
            if (nextSeq - oldestSeq == intended.length) {
                oldestSeq++;
                listener.heartbeatsLost(1);
            }
            intended[(int) (seq % intended.length)] = due;
            sent[(int) (seq % sent.length)] = now;
            nextSeq++;
            channel.writeAndFlush(Echo.ofFrameSize(seq, WallClock.nanos(), path.settings().payloadBytes()), channel.voidPromise());
        }
        listener.heartbeatTick(late, write);
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame instanceof EchoReply r) {
            echo(r.sequence(), r.t2());
        } else if (frame instanceof ErrorFrame e) {
            drop(FailureClassifier.of(e.code()), "responder answered ERROR " + e.code());
        } else {
            drop(FailureKind.PROTOCOL_ERROR, "unexpected " + frame.type() + " on the stream");
        }
    }

    private void echo(long seq, long t2) {
        long now = System.nanoTime();
        lastEchoT2 = t2;
        lagSinceEcho = 0;
        if (seq >= oldestSeq && seq < nextSeq) {
            if (seq > oldestSeq) {
                listener.heartbeatsLost((int) (seq - oldestSeq));
            }
            int i = (int) (seq % intended.length);
            long sentRtt = now - sent[i];
            listener.heartbeatEchoed(now - intended[i], sentRtt, sentRtt > timeout, hangOpen || seq < stallBoundary);
            oldestSeq = seq + 1;
        }
        lastEcho = now;
        gotEcho = true;
        if (hangOpen) {
            hangOpen = false;
            stallBoundary = nextSeq;
            listener.hangEnded(hangStart, now);
            if (inquiry != null) {
                inquiry.ended(now);
                inquiry = null;
            }
        }
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

    /** Loses the connection; an open hang stays open (it ends when echoes flow again). */
    private void drop(FailureKind reason, String detail) {
        if (channel == null) {
            return;
        }
        Channel ch = channel;
        channel = null;
        ticker.cancel(false);
        if (hangOpen && inquiry != null && inquiry.concerns(ch)) {
            inquiry.dropping(reason == FailureKind.RESET);
        }
        ch.close();
        if (stopped) {
            return;
        }
        if (nextSeq > oldestSeq) {
            listener.heartbeatsLost((int) (nextSeq - oldestSeq));
            oldestSeq = nextSeq;
        }
        listener.streamDisconnected(WallClock.nanos(), reason);
        log.atInfo().addKeyValue("path", path.name()).addKeyValue("reason", reason.key())
                .addKeyValue("connection", connection).addKeyValue("hang_open", hangOpen)
                .log("path {}: stream disconnected (connection {}, {}: {}), reconnecting{}", path.name(), connection, reason.key(), detail,
                hangOpen ? "; the hang goes on until echoes flow again" : "");
        if (gotEcho) {
            backoff = minBackoff;
        }
        scheduleReconnect();
    }

    /**
     * Backs off exponentially, except while a hang is open: then the hang's end is the first echo
     * on a new connection, so a backed-off retry would stretch the reported hang by up to the
     * backoff (30 s) after the path came back. Retrying every {@code minBackoff} (at most a
     * second) keeps the hang's duration right to within that.
     */
    private void scheduleReconnect() {
        if (stopped) {
            return;
        }
        long base = hangOpen ? minBackoff : backoff;
        long jittered = (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        reconnect = loop.schedule(this::connect, jittered, TimeUnit.NANOSECONDS);
        backoff = Math.min(MAX_BACKOFF, backoff * 2);
    }
}
