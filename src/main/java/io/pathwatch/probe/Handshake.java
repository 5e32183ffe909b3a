package io.pathwatch.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.Egress;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.HelloOk;
import io.pathwatch.wire.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Opens one authenticated connection to a path's target: resolve, connect, TLS (if configured),
 * HELLO. Every phase is timed on the monotonic clock and bounded by the path's timeout; all of
 * it runs on one event loop, so no field needs a lock. A {@link ProbeMode#CONNECT connect-mode}
 * path's far end is no responder: its handshake ends after TCP (or TLS), without HELLO. The
 * socket binds the path's source address and carries its DSCP ({@link Egress}) before it connects.
 */
final class Handshake implements FrameSink {

    interface Callback {
        /** The connection is ready for echoes; the callback now owns the channel. */
        void established(Channel channel, ProbeChannelHandler handler, Timings timings);

        void failed(Failure failure, Timings timings);
    }

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final Callback callback;
    private final long timeoutNanos;
    private final long userTimeoutNanos;
    private final ProbeChannelHandler handler = new ProbeChannelHandler(this);
    private Phase phase = Phase.DNS;
    private long phaseStart;
    private long connectStart;
    private long dns = -1;
    private long connect = -1;
    private long tls = -1;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean done;
    private byte[] proberNonce;
    private byte[] responderNonce;
    private HelloAuth auth;
    private String connection;
    private InetAddress address;

    Handshake(ProbeClient client, PathSpec path, EventLoop loop, Callback callback) {
        this(client, path, loop, callback, 0);
    }

    /**
     * @param userTimeoutNanos for a long-lived connection: how long the kernel may keep data
     *                         unacknowledged before it aborts the connection (TCP_USER_TIMEOUT, with
     *                         native epoll only); 0 leaves the kernel's default
     */
    Handshake(ProbeClient client, PathSpec path, EventLoop loop, Callback callback, long userTimeoutNanos) {
        this.userTimeoutNanos = userTimeoutNanos;
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.callback = callback;
        this.timeoutNanos = path.settings().timeout().toNanos();
    }

    /** Must be called on {@code loop}. */
    void start() {
        enter(Phase.DNS);
        client.resolver().resolve(path.host(), loop).addListener(this::resolved);
    }

    /** Connects to {@code address} as it is, without resolving the path's host (the address an earlier connection of the path used). */
    void start(InetAddress address) {
        enter(Phase.DNS);
        dns = 0;
        connect(address);
    }

    private void resolved(Future<? super InetAddress> f) {
        if (done) {
            return;
        }
        if (!f.isSuccess()) {
            fail(FailureClassifier.classify(f.cause(), Phase.DNS));
            return;
        }
        dns = System.nanoTime() - phaseStart;
        connect((InetAddress) f.getNow());
    }

    private void connect(InetAddress address) {
        enter(Phase.CONNECT);
        this.address = address;
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(client.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ProbeInitializer(client.ssl(path), client.serverName(path), path.port(), handler, path.streams()));
        if (userTimeoutNanos > 0 && client.transport() == Transport.EPOLL) {
            bootstrap.option(EpollChannelOption.TCP_USER_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(userTimeoutNanos)));
        }
        Egress egress = path.egress();
        if (egress.dscp() != 0) {
            // Netty sets IP_TOS on IPv4 and IPV6_TCLASS on IPv6 sockets from this one option; set before connect, so the SYN carries it
            bootstrap.option(ChannelOption.IP_TOS, egress.tos());
        }
        InetSocketAddress remote = new InetSocketAddress(address, path.port());
        InetSocketAddress local = null;
        if (egress.sourceAddress() != null) {
            InetAddress source = NetUtil.createInetAddressFromIpAddressString(egress.sourceAddress());
            if (source == null) {
                fail(new Failure(FailureKind.LOCAL_ERROR, Phase.CONNECT, "source address '" + egress.sourceAddress() + "' is no IP address"));
                return;
            }
            if (client.transport() == Transport.EPOLL) {
                // bind() alone picks the port without knowing the destination, so every path from this source would share one
                // pool of ~28k ports (TIME_WAIT holds them 60 s); with this the port is chosen at connect, per destination
                bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
            }
            local = new InetSocketAddress(source, 0);
        }
        // registered first, connected after: making the socket and its pipeline (a TLS engine among it) is this
        // machine's work, not the path's, and on a busy machine it took milliseconds the connect time would have shown
        ChannelFuture registered = bootstrap.register();
        channel = registered.channel();
        InetSocketAddress bindTo = local;
        registered.addListener(r -> {
            if (loop.inEventLoop()) {
                registered(r, remote, bindTo);
            } else {
                // a socket that could not even be made (EMFILE) fails on Netty's global executor: the handshake's state is the loop's
                loop.execute(() -> registered(r, remote, bindTo));
            }
        });
    }

    private void registered(Future<? super Void> r, InetSocketAddress remote, InetSocketAddress bindTo) {
        if (done) {
            return;
        }
        if (!r.isSuccess()) {
            fail(FailureClassifier.classify(r.cause(), Phase.CONNECT));
            return;
        }
        connectStart = System.nanoTime();
        ChannelFuture cf = bindTo == null ? channel.connect(remote) : channel.connect(remote, bindTo);
        cf.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        cf.addListener(this::connected);
    }

    private void connected(Future<? super Void> f) {
        if (done) {
            return;
        }
        if (!f.isSuccess()) {
            fail(FailureClassifier.classify(f.cause(), Phase.CONNECT));
            return;
        }
        connect = System.nanoTime() - connectStart;
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            ready();
            return;
        }
        enter(Phase.TLS);
        ssl.handshakeFuture().addListener(h -> {
            if (done) {
                return;
            }
            if (!h.isSuccess()) {
                fail(FailureClassifier.classify(h.cause(), Phase.TLS));
                return;
            }
            tls = System.nanoTime() - phaseStart;
            ready();
        });
    }

    /** Transport is up: a responder's path goes on to HELLO; a connect-mode path is done. */
    private void ready() {
        if (path.mode() == ProbeMode.CONNECT) {
            done = true;
            cancelTimer();
            callback.established(channel, handler, timings());
        } else {
            hello();
        }
    }

    private void hello() {
        enter(Phase.HELLO);
        proberNonce = HelloAuth.newNonce();
        channel.writeAndFlush(Hello.request(client.agent(), proberNonce));
    }

    @Override
    public void onFrame(Frame frame) {
        if (done) {
            return;
        }
        if (frame instanceof Hello h && h.step() == Hello.Step.CHALLENGE && responderNonce == null) {
            arm();
            responderNonce = h.token();
            auth = client.auth(); // one secret for the whole handshake, even if a reload changes it meanwhile
            channel.writeAndFlush(Hello.proof(auth.proberProof(proberNonce, responderNonce, client.agent()), client.agent()));
        } else if (frame instanceof HelloOk ok && responderNonce != null) {
            if (!auth.open() && ok.open()) {
                fail(new Failure(FailureKind.AUTH_REJECTED, phase, "the responder has no secret (it is open): it cannot prove it is the one "
                        + "this path means, so it is not measured"));
                return;
            }
            if (!auth.open() && !auth.verifyResponder(proberNonce, responderNonce, ok, client.agent())) {
                fail(new Failure(FailureKind.AUTH_REJECTED, phase, "the responder could not prove it knows the secret (connection "
                        + ok.connection() + "): an impostor, a misrouted endpoint or a different secret"));
                return;
            }
            done = true;
            cancelTimer();
            connection = ok.connection();
            callback.established(channel, handler, timings());
        } else if (frame instanceof ErrorFrame e) {
            fail(new Failure(FailureClassifier.of(e.code()), phase, "responder answered ERROR " + e.code()));
        } else {
            fail(new Failure(FailureKind.PROTOCOL_ERROR, phase, "unexpected " + frame.type() + " during HELLO"));
        }
    }

    @Override
    public void onError(Throwable cause) {
        fail(FailureClassifier.classify(cause, phase));
    }

    @Override
    public void onClosed() {
        FailureKind kind = phase == Phase.TLS ? FailureKind.TLS_ERROR : FailureKind.RESET;
        fail(new Failure(kind, phase, "connection closed by the far end during " + phase));
    }

    private void enter(Phase next) {
        phase = next;
        phaseStart = System.nanoTime();
        arm();
    }

    private void arm() {
        cancelTimer();
        timer = loop.schedule(() -> fail(new Failure(FailureKind.TIMEOUT, phase, phase + " took longer than " + path.settings().timeout())),
                timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fail(Failure failure) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        // one that never registered (it could not be made) is closed already, and closing it again would throw
        if (channel != null && channel.isRegistered()) {
            Abort.close(channel);
        }
        callback.failed(failure, timings());
    }

    private Timings timings() {
        return new Timings(dns, connect, tls, connection, address);
    }
}
