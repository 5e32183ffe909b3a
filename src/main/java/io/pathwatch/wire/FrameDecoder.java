package io.pathwatch.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes protocol version 2. All integers are big-endian; timestamps are signed 64-bit
 * nanoseconds since the Unix epoch (wall clock).
 *
 * <pre>
 * header (4 bytes, every frame)
 *   0     1  version        = 2
 *   1     1  type           1 HELLO, 2 HELLO_OK, 3 ECHO, 4 ECHO_REPLY, 5 ERROR, 6 PEER_INFO, 7 PEER_INFO_REPLY
 *   2     2  length         body bytes that follow (unsigned)
 *
 * HELLO body (34..98 bytes)
 *   0     1  step           1 REQUEST, 2 CHALLENGE, 3 PROOF
 *   1    32  token          REQUEST: prober nonce; CHALLENGE: responder nonce;
 *                           PROOF: HMAC-SHA256(secret, "prober" || prober nonce || responder nonce || agent)
 *  33     1  agent length   0..64
 *  34     n  agent name     UTF-8
 *
 * HELLO_OK body (33 bytes)
 *   0     1  flags          bit 0: the responder is open (no secret, nothing checked)
 *   1     8  connection id  chosen by the responder
 *   9    24  proof          HMAC-SHA256(secret, "responder" || prober nonce || responder nonce || connection id || agent),
 *                           its first 24 bytes; zeros when open
 *
 * ECHO and ECHO_REPLY body (32 + padding bytes)
 *   0     8  sequence
 *   8     8  T1             prober send time
 *  16     8  T2             responder receive time (0 in ECHO)
 *  24     8  T3             responder send time (0 in ECHO)
 *  32     p  padding        zeros, up to the chosen payload size; a reply has as many as its request
 *
 * ERROR body (1 byte)
 *   0     1  code           see {@link ErrorCode}
 *
 * PEER_INFO body (24 + padding bytes, padding at least 10: room for an empty reply)
 *   0     8  connection id  from an earlier HELLO_OK to this agent
 *   8     8  from           responder-clock epoch nanos
 *  16     8  to             responder-clock epoch nanos
 *  24     p  padding        zeros: room for the reply, which is exactly as large
 *
 * PEER_INFO_REPLY body (34 + 52 n + padding bytes, as large as its PEER_INFO)
 *   0     8  connection id
 *   8     1  status         0 OK, 1 UNKNOWN_CONNECTION, 2 NO_TCP_INFO
 *   9     8  authenticated  when HELLO_OK was sent (responder clock), 0 unknown
 *  17     8  closed         when the connection closed (responder clock), 0 open
 *  25     8  last echo      T2 of the last ECHO received on it (responder clock), 0 none
 *  33     1  count n        snapshots that follow, oldest first
 *  34  52 n  snapshots      taken at (8), state, retransmits, backoff, 0 (1 each), then unsigned 32-bit
 *                           rto us, rtt us, rttvar us, snd_cwnd, unacked, lost, total_retrans,
 *                           last_data_sent ms, last_data_recv ms, last_ack_recv ms
 *   …     p  padding        zeros
 * </pre>
 *
 * The decoder waits for a whole frame before it decodes, and rejects with a
 * {@link ProtocolViolation} (a {@code CorruptedFrameException}) a bad version, an unknown type, a
 * length above {@code maxFrameBytes} (checked from the header, before the body arrives) or a body
 * whose size does not fit its type. After the first violation every further byte is discarded:
 * the handler behind it answers with ERROR and closes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;
    private long bytesReceived;
    private boolean failed;

    /** @param maxFrameBytes the largest whole frame (header included) this side accepts */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < Protocol.ECHO_MIN_FRAME || maxFrameBytes > Protocol.HEADER_BYTES + Protocol.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Bytes this connection has sent us so far; an ERROR is only sent back if it is no larger. */
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            bytesReceived += buf.readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Frame frame = decodeOne(in);
            if (frame != null) {
                out.add(frame);
            }
        } catch (ProtocolViolation e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private Frame decodeOne(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() >= 1 && in.getUnsignedByte(start) != Protocol.VERSION) {
            throw new ProtocolViolation(ErrorCode.BAD_VERSION, "version " + in.getUnsignedByte(start));
        }
        if (in.readableBytes() >= 2 && FrameType.of(in.getUnsignedByte(start + 1)) == null) {
            throw new ProtocolViolation(ErrorCode.UNKNOWN_TYPE, "type " + in.getUnsignedByte(start + 1));
        }
        if (in.readableBytes() < Protocol.HEADER_BYTES) {
            return null;
        }
        FrameType type = FrameType.of(in.getUnsignedByte(start + 1));
        int length = in.getUnsignedShort(start + 2);
        if (Protocol.HEADER_BYTES + length > maxFrameBytes) {
            throw new ProtocolViolation(ErrorCode.FRAME_TOO_LONG, "length " + length + " above limit " + maxFrameBytes);
        }
        checkBodySize(type, length);
        if (in.readableBytes() < Protocol.HEADER_BYTES + length) {
            return null;
        }
        in.skipBytes(Protocol.HEADER_BYTES);
        return switch (type) {
            case HELLO -> readHello(in, length);
            case HELLO_OK -> readHelloOk(in);
            case ECHO -> readEcho(in, length);
            case ECHO_REPLY -> readEchoReply(in, length);
            case ERROR -> new ErrorFrame(ErrorCode.of(in.readUnsignedByte()));
            case PEER_INFO -> readPeerInfo(in, length);
            case PEER_INFO_REPLY -> readPeerInfoReply(in, length);
        };
    }

    private static void checkBodySize(FrameType type, int length) {
        boolean fits = switch (type) {
            case HELLO -> length >= Protocol.HELLO_MIN_BODY && length <= Protocol.HELLO_MIN_BODY + Protocol.MAX_AGENT_NAME_BYTES;
            case HELLO_OK -> length == Protocol.HELLO_OK_BODY;
            case ECHO, ECHO_REPLY -> length >= Protocol.ECHO_FIXED_BODY;
            case ERROR -> length == Protocol.ERROR_BODY;
            case PEER_INFO -> length >= Protocol.PEER_INFO_REPLY_FIXED_BODY; // room for at least an empty reply
            case PEER_INFO_REPLY -> length >= Protocol.PEER_INFO_REPLY_FIXED_BODY;
        };
        if (!fits) {
            throw new ProtocolViolation(ErrorCode.MALFORMED, type + " with a body of " + length + " bytes");
        }
    }

    private static HelloOk readHelloOk(ByteBuf in) {
        boolean open = (in.readUnsignedByte() & Protocol.FLAG_OPEN) != 0;
        long connectionId = in.readLong();
        byte[] proof = new byte[Protocol.RESPONDER_PROOF_BYTES];
        in.readBytes(proof);
        return new HelloOk(open, connectionId, proof);
    }

    private static Hello readHello(ByteBuf in, int length) {
        Hello.Step step = Hello.Step.of(in.readUnsignedByte());
        byte[] token = new byte[Protocol.TOKEN_BYTES];
        in.readBytes(token);
        int nameLength = in.readUnsignedByte();
        if (step == null || nameLength != length - Protocol.HELLO_MIN_BODY) {
            in.skipBytes(length - Protocol.HELLO_MIN_BODY);
            throw new ProtocolViolation(ErrorCode.MALFORMED, "HELLO step or agent-name length does not fit");
        }
        String agent = in.readCharSequence(nameLength, StandardCharsets.UTF_8).toString();
        return new Hello(step, token, agent);
    }

    private static Echo readEcho(ByteBuf in, int length) {
        long sequence = in.readLong();
        long t1 = in.readLong();
        in.skipBytes(16);
        int padding = length - Protocol.ECHO_FIXED_BODY;
        in.skipBytes(padding);
        return new Echo(sequence, t1, padding);
    }

    private static EchoReply readEchoReply(ByteBuf in, int length) {
        long sequence = in.readLong();
        long t1 = in.readLong();
        long t2 = in.readLong();
        long t3 = in.readLong();
        int padding = length - Protocol.ECHO_FIXED_BODY;
        in.skipBytes(padding);
        return new EchoReply(sequence, t1, t2, t3, padding);
    }

    private static PeerInfo readPeerInfo(ByteBuf in, int length) {
        long id = in.readLong();
        long from = in.readLong();
        long to = in.readLong();
        int padding = length - Protocol.PEER_INFO_FIXED_BODY;
        in.skipBytes(padding);
        return new PeerInfo(id, from, to, padding);
    }

    private static PeerInfoReply readPeerInfoReply(ByteBuf in, int length) {
        long id = in.readLong();
        PeerInfoReply.Status status = PeerInfoReply.Status.of(in.readUnsignedByte());
        long authenticated = in.readLong();
        long closed = in.readLong();
        long lastEcho = in.readLong();
        int count = in.readUnsignedByte();
        int padding = length - Protocol.PEER_INFO_REPLY_FIXED_BODY - count * TcpSnapshot.WIRE_BYTES;
        if (padding < 0) {
            in.skipBytes(length - Protocol.PEER_INFO_REPLY_FIXED_BODY);
            throw new ProtocolViolation(ErrorCode.MALFORMED, "PEER_INFO_REPLY announces " + count + " snapshots in " + length + " bytes");
        }
        java.util.List<TcpSnapshot> snapshots = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long taken = in.readLong();
            int state = in.readUnsignedByte();
            int retransmits = in.readUnsignedByte();
            int backoff = in.readUnsignedByte();
            in.skipBytes(1);
            snapshots.add(new TcpSnapshot(taken, state, retransmits, backoff, in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(),
                    in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedInt(),
                    in.readUnsignedInt(), in.readUnsignedInt()));
        }
        in.skipBytes(padding);
        return new PeerInfoReply(id, status, authenticated, closed, lastEcho, snapshots, padding);
    }
}
