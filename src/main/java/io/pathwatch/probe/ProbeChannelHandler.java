package io.pathwatch.probe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.pathwatch.wire.Frame;

/** The last stage of a probe connection: hands frames and failures to the current owner. */
final class ProbeChannelHandler extends SimpleChannelInboundHandler<Frame> {

    private FrameSink sink;

    ProbeChannelHandler(FrameSink sink) {
        this.sink = sink;
    }

    /** Called on the channel's event loop when the handshake hands the connection over. */
    void handOver(FrameSink next) {
        this.sink = next;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        sink.onFrame(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        sink.onClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        sink.onError(cause);
        ctx.close();
    }
}
