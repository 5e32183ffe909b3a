package io.pathwatch.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes frames in the layout {@link FrameDecoder} documents. Stateless, so one is shared. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame msg, boolean preferDirect) {
        int size = msg.wireSize();
        return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        write(frame, out);
    }

    /** Writes one frame; public so tests and tools can produce exact bytes. */
    public static void write(Frame frame, ByteBuf out) {
        out.writeByte(Protocol.VERSION);
        out.writeByte(frame.type().code());
        out.writeShort(frame.wireSize() - Protocol.HEADER_BYTES);
        if (frame instanceof Hello h) {
            byte[] agent = h.agent().getBytes(StandardCharsets.UTF_8);
            out.writeByte(h.step().code());
            out.writeBytes(h.token());
            out.writeByte(agent.length);
            out.writeBytes(agent);
        } else if (frame instanceof HelloOk ok) {
            out.writeByte(ok.open() ? Protocol.FLAG_OPEN : 0);
            out.writeLong(ok.connectionId());
            out.writeBytes(ok.proof());
        } else if (frame instanceof Echo e) {
            out.writeLong(e.sequence());
            out.writeLong(e.t1());
            out.writeZero(16);
            out.writeZero(e.padding());
        } else if (frame instanceof EchoReply r) {
            out.writeLong(r.sequence());
            out.writeLong(r.t1());
            out.writeLong(r.t2());
            out.writeLong(r.t3());
            out.writeZero(r.padding());
        } else if (frame instanceof ErrorFrame err) {
            out.writeByte(err.code().code());
        } else if (frame instanceof PeerInfo p) {
            out.writeLong(p.connectionId());
            out.writeLong(p.fromEpochNanos());
            out.writeLong(p.toEpochNanos());
            out.writeZero(p.padding());
        } else if (frame instanceof PeerInfoReply r) {
            out.writeLong(r.connectionId());
            out.writeByte(r.status().ordinal());
            out.writeLong(r.authenticatedAtEpochNanos());
            out.writeLong(r.closedAtEpochNanos());
            out.writeLong(r.lastEchoAtEpochNanos());
            out.writeByte(r.snapshots().size());
            for (TcpSnapshot s : r.snapshots()) {
                out.writeLong(s.takenAtEpochNanos());
                out.writeByte(Math.min(255, s.state()));
                out.writeByte(Math.min(255, s.retransmits()));
                out.writeByte(Math.min(255, s.backoff()));
                out.writeByte(0);
                for (long v : new long[] {s.rtoMicros(), s.rttMicros(), s.rttvarMicros(), s.sndCwnd(), s.unacked(), s.lost(), s.totalRetrans(),
                        s.lastDataSentMillis(), s.lastDataRecvMillis(), s.lastAckRecvMillis()}) {
                    out.writeInt((int) Math.min(0xFFFF_FFFFL, Math.max(0, v)));
                }
            }
            out.writeZero(r.padding());
        }
    }
}
