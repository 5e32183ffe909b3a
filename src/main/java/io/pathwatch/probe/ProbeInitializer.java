package io.pathwatch.probe;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.pathwatch.wire.FrameDecoder;
import io.pathwatch.wire.FrameEncoder;
import io.pathwatch.wire.Protocol;

/**
 * A probe connection's pipeline: [tls], decoder, encoder, handler. A connect-mode connection
 * speaks no pathwatch frames: it has no codec, so whatever its far end sends (a banner, say) passes
 * the handler untouched and is released at the pipeline's tail.
 */
final class ProbeInitializer extends ChannelInitializer<SocketChannel> {

    private final SslContext ssl;
    private final String serverName;
    private final int port;
    private final ProbeChannelHandler handler;
    private final boolean frames;

    ProbeInitializer(SslContext ssl, String serverName, int port, ProbeChannelHandler handler, boolean frames) {
        this.frames = frames;
        this.ssl = ssl;
        this.serverName = serverName;
        this.port = port;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc(), serverName, port);
            tls.setHandshakeTimeoutMillis(0); // the handshake's own phase timer decides
            p.addLast("tls", tls);
        }
        if (frames) {
            p.addLast("decoder", new FrameDecoder(Protocol.HEADER_BYTES + Protocol.MAX_BODY_BYTES));
            p.addLast("encoder", FrameEncoder.INSTANCE);
        }
        p.addLast("handler", handler);
    }
}
