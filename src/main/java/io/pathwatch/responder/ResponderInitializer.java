package io.pathwatch.responder;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.pathwatch.wire.FrameDecoder;
import io.pathwatch.wire.FrameEncoder;
import io.pathwatch.wire.HelloAuth;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The responder's pipeline: admission, idle, [tls], decoder, encoder, handler. */
final class ResponderInitializer extends ChannelInitializer<SocketChannel> {

    private final Admission admission;
    private final SslContext ssl;
    private final HelloAuth auth;
    private final int maxFrameBytes;
    private final int maxFramesPerSecond;
    private final Duration idleTimeout;
    private final Duration helloTimeout;
    private final Duration writeTimeout;
    private final ResponderCounters counters;
    private final RejectedHelloLog rejectedLog;

    ResponderInitializer(Admission admission, RejectedHelloLog rejectedLog, SslContext ssl, HelloAuth auth, int maxFrameBytes,
                         int maxFramesPerSecond, Duration idleTimeout, Duration helloTimeout, Duration writeTimeout, ResponderCounters counters) {
        this.rejectedLog = rejectedLog;
        this.admission = admission;
        this.helloTimeout = helloTimeout;
        this.writeTimeout = writeTimeout;
        this.ssl = ssl;
        this.auth = auth;
        this.maxFrameBytes = maxFrameBytes;
        this.maxFramesPerSecond = maxFramesPerSecond;
        this.idleTimeout = idleTimeout;
        this.counters = counters;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        counters.connections.increment();
        ChannelPipeline p = ch.pipeline();
        p.addLast("admission", admission);
        p.addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        p.addLast("decoder", new FrameDecoder(maxFrameBytes));
        p.addLast("encoder", FrameEncoder.INSTANCE);
        p.addLast("handler", new ResponderHandler(auth, maxFramesPerSecond, counters, admission, rejectedLog, helloTimeout, writeTimeout));
    }
}
