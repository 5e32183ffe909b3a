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

/**
 * The responder's pipeline: [proxy-signature, proxy-decoder, proxy-header], admission, idle, [tls],
 * decoder, encoder, handler. The PROXY header comes before everything, TLS included; until it is read
 * a connection counts against its socket's peer.
 */
final class ResponderInitializer extends ChannelInitializer<SocketChannel> {

    private final Admission admission;
    private final SslContext ssl;
    /** Read per connection: a new secret applies to connections accepted after a reload. */
    private final java.util.function.Supplier<HelloAuth> auth;
    private final int maxFrameBytes;
    private final int maxFramesPerSecond;
    private final Duration idleTimeout;
    private final Duration helloTimeout;
    private final Duration writeTimeout;
    private final ResponderCounters counters;
    private final RejectedHelloLog rejectedLog;
    private final boolean proxyProtocol;
    private final java.util.List<Cidr> proxyTrustedFrom;
    private final PeerBook peers;
    private final PeerSnapshots snapshots;

    ResponderInitializer(Admission admission, RejectedHelloLog rejectedLog, SslContext ssl, java.util.function.Supplier<HelloAuth> auth, int maxFrameBytes,
                         int maxFramesPerSecond, Duration idleTimeout, Duration helloTimeout, Duration writeTimeout, ResponderCounters counters,
                         boolean proxyProtocol, java.util.List<Cidr> proxyTrustedFrom, PeerBook peers, PeerSnapshots snapshots) {
        this.peers = peers;
        this.snapshots = snapshots;
        this.proxyProtocol = proxyProtocol;
        this.proxyTrustedFrom = java.util.List.copyOf(proxyTrustedFrom);
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

    private boolean trusted(java.net.InetSocketAddress peer) {
        return proxyTrustedFrom.isEmpty() || (peer != null && proxyTrustedFrom.stream().anyMatch(c -> c.contains(peer.getAddress())));
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        counters.connections.increment();
        ChannelPipeline p = ch.pipeline();
        if (proxyProtocol) {
            if (!trusted(ch.remoteAddress())) {
                // only the load balancer may name clients: anyone else could claim any address, and so any per-source cap
                counters.proxyUntrusted.increment();
                ch.config().setAutoRead(false);
                ch.close();
                return;
            }
            ProxyHeaderHandler.addTo(p, admission, counters);
        }
        p.addLast("admission", admission);
        p.addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        p.addLast("decoder", new FrameDecoder(maxFrameBytes));
        p.addLast("encoder", FrameEncoder.INSTANCE);
        p.addLast("handler", new ResponderHandler(auth.get(), maxFramesPerSecond, counters, admission, rejectedLog, helloTimeout, writeTimeout,
                peers, snapshots));
    }
}
