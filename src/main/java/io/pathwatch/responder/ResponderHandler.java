package io.pathwatch.responder;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.FrameDecoder;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.HelloOk;
import io.pathwatch.wire.PeerInfo;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.Protocol;
import io.pathwatch.wire.ProtocolViolation;
import io.pathwatch.wire.WallClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's protocol state: REQUEST → CHALLENGE → PROOF → HELLO_OK, then echoes and
 * PEER_INFO requests. Anything out of order, too fast or malformed is answered with one ERROR and
 * the connection is closed. An authenticated connection is recorded in the {@link PeerBook} under
 * its connection id, with TCP_INFO snapshots taken after its echoes and by its loop's timer
 * ({@link PeerSnapshots}).
 * <ul>
 * <li>HELLO must be complete within {@code helloTimeout} of the connection opening (with a PROXY
 * protocol header, reading the header counts against it); until then the connection is among the
 * first {@link Admission} evicts.</li>
 * <li>Backpressure: while the peer does not take the replies (the channel is not writable), this
 * connection is not read, so nothing more is queued for it; TCP's own flow control then holds the
 * peer back. A connection that stays so for {@code writeTimeout} is closed: the replies queued
 * for a peer that never reads stay bounded by the write buffer's high-water mark.</li>
 * </ul>
 */
final class ResponderHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger log = LoggerFactory.getLogger(ResponderHandler.class);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How long an ERROR may take to leave before the connection is closed without it. */
    static final long CLOSE_AFTER_ERROR_MILLIS = 1000;

    private enum State { AWAIT_REQUEST, AWAIT_PROOF, AUTHENTICATED }

    private final HelloAuth auth;
    private final int maxFramesPerSecond;
    private final ResponderCounters counters;
    private final Admission admission;
    private final RejectedHelloLog rejectedLog;
    private final long helloTimeoutNanos;
    private final long writeTimeoutNanos;
    private final PeerBook peers;
    private final PeerSnapshots snapshots;
    /** Set once HELLO is complete: this connection's record, and the agent name it proved. */
    private PeerRecord record;
    private State state = State.AWAIT_REQUEST;
    /** An ERROR is on its way out: every later frame is dropped unanswered. */
    private boolean closing;
    private ScheduledFuture<?> helloDeadline;
    private ScheduledFuture<?> writeDeadline;
    private ScheduledFuture<?> forcedClose;
    private byte[] proberNonce;
    /** Set once HELLO is complete. */
    private Admission.Prober prober;
    private byte[] nonce;
    private long rateWindowStart = System.nanoTime();
    private int framesInWindow;

    ResponderHandler(HelloAuth auth, int maxFramesPerSecond, ResponderCounters counters, Admission admission,
                     RejectedHelloLog rejectedLog, Duration helloTimeout, Duration writeTimeout, PeerBook peers, PeerSnapshots snapshots) {
        this.peers = peers;
        this.snapshots = snapshots;
        this.rejectedLog = rejectedLog;
        this.auth = auth;
        this.maxFramesPerSecond = maxFramesPerSecond;
        this.counters = counters;
        this.admission = admission;
        this.helloTimeoutNanos = helloTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        helloDeadline = ctx.executor().schedule(() -> {
            if (state != State.AUTHENTICATED && ctx.channel().isActive()) {
                (ProxyHeaderHandler.awaitingHeader(ctx.channel()) ? counters.proxyHeaderTimeouts : counters.helloTimeouts).increment();
                ctx.close();
            }
        }, helloTimeoutNanos, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel(helloDeadline);
        cancel(writeDeadline);
        cancel(forcedClose);
        if (record != null) {
            snapshots.unwatch(ctx.channel());
            peers.closed(record);
        }
        super.channelInactive(ctx);
    }

    /**
     * Every write goes through here, whichever frame it was: once the replies queued for the peer
     * pass the high-water mark the connection is not read until the peer takes them, and a peer that
     * takes nothing for {@code writeTimeout} is closed.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            cancel(writeDeadline);
            writeDeadline = null;
            if (!closing) {
                ctx.channel().config().setAutoRead(true);
            }
        } else if (writeDeadline == null) {
            ctx.channel().config().setAutoRead(false);
            writeDeadline = ctx.executor().schedule(() -> {
                if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
                    counters.writeStalled.increment();
                    ctx.close();
                }
            }, writeTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        super.channelWritabilityChanged(ctx);
    }

    private void reply(ChannelHandlerContext ctx, Frame frame) {
        ctx.writeAndFlush(frame, ctx.voidPromise());
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        long received = WallClock.nanos();
        if (closing) {
            return; // frames decoded from the last read after an ERROR: dropped
        }
        if (overRate()) {
            reject(ctx, ErrorCode.RATE_LIMITED);
            return;
        }
        if (frame instanceof Echo echo) {
            if (state != State.AUTHENTICATED) {
                reject(ctx, ErrorCode.NOT_AUTHENTICATED);
                return;
            }
            counters.echoes.increment();
            prober.echoes().increment();
            record.echoed(received);
            reply(ctx, echo.reply(received, WallClock.nanos()));
            snapshots.afterEcho(ctx.channel(), record);
        } else if (frame instanceof PeerInfo request) {
            if (state != State.AUTHENTICATED) {
                reject(ctx, ErrorCode.NOT_AUTHENTICATED);
                return;
            }
            if (request.bodyBytes() < Protocol.PEER_INFO_REPLY_FIXED_BODY) {
                reject(ctx, ErrorCode.MALFORMED); // even an empty reply would be larger than this request
                return;
            }
            PeerInfoReply answer = peers.answer(request, record.agent());
            counters.peerInfo(answer.status()).increment();
            reply(ctx, answer);
        } else if (frame instanceof Hello hello && state == State.AWAIT_REQUEST && hello.step() == Hello.Step.REQUEST) {
            proberNonce = hello.token();
            nonce = HelloAuth.newNonce();
            state = State.AWAIT_PROOF;
            reply(ctx, Hello.challenge(nonce));
        } else if (frame instanceof Hello hello && state == State.AWAIT_PROOF && hello.step() == Hello.Step.PROOF) {
            HelloAuth.Key key = auth.verifyProber(proberNonce, nonce, hello);
            if (key != null) {
                state = State.AUTHENTICATED;
                cancel(helloDeadline);
                long id = HelloAuth.newConnectionId();
                prober = admission.authenticated(ctx.channel(), hello.agent(), key == HelloAuth.Key.PREVIOUS);
                HelloOk ok = new HelloOk(auth.open(), id, auth.responderProof(key, proberNonce, nonce, id, hello.agent()));
                // in the book before HELLO_OK leaves: the prober may name the id at once, from another connection
                record = peers.opened(id, hello.agent());
                snapshots.watch(ctx.channel(), record);
                if (log.isDebugEnabled()) {
                    log.debug("connection {} from {}: agent '{}'{}", ok.connection(), Peer.describe(ctx.channel()),
                            RejectedHelloLog.printable(hello.agent()), key == HelloAuth.Key.PREVIOUS ? " (previous secret)" : "");
                }
                reply(ctx, ok);
            } else {
                counters.authFailures.increment();
                rejectedLog.failed(Peer.address(ctx.channel()), hello.agent());
                reject(ctx, ErrorCode.AUTH_FAILED);
            }
        } else {
            reject(ctx, ErrorCode.UNEXPECTED_FRAME);
        }
    }

    private boolean overRate() {
        long now = System.nanoTime();
        if (now - rateWindowStart >= SECOND) {
            rateWindowStart = now;
            framesInWindow = 0;
        }
        return ++framesInWindow > maxFramesPerSecond;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            counters.idleClosed.increment();
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolViolation violation) {
            log.debug("closing {}: {}", Peer.describe(ctx.channel()), violation.getMessage());
            reject(ctx, violation.code());
        } else {
            log.debug("closing {} after {}", Peer.describe(ctx.channel()), cause.toString());
            ctx.close();
        }
    }

    /**
     * Sends ERROR and closes. The ERROR goes out only if the peer has sent at least as many
     * bytes, so that even an error reply is never larger than what provoked it.
     */
    private void reject(ChannelHandlerContext ctx, ErrorCode code) {
        if (closing) {
            return;
        }
        closing = true;
        counters.rejected.increment();
        // nothing more is read or answered; a peer that does not take the ERROR is closed all the same
        ctx.channel().config().setAutoRead(false);
        FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
        if (ctx.channel().isActive() && ctx.channel().isWritable() && decoder != null && decoder.bytesReceived() >= Protocol.ERROR_FRAME) {
            ctx.writeAndFlush(new ErrorFrame(code)).addListener(ChannelFutureListener.CLOSE);
            forcedClose = ctx.executor().schedule(() -> ctx.close(), CLOSE_AFTER_ERROR_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }
}
