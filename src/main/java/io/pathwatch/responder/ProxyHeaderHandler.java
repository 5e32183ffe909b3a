package io.pathwatch.responder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pathwatch.responder.proxy-protocol: v2}: every connection begins with a PROXY protocol
 * version 2 header, which comes before anything else (TLS included). Three handlers at the head
 * of the pipeline, each gone once the header is read:
 * <ol>
 * <li>{@link Signature} refuses anything but the v2 signature and version as soon as a byte
 * differs (Netty's decoder would take a version 1 text header, and reads anything without the v2
 * signature as one), and a header whose length field exceeds {@link #MAX_HEADER_BYTES};</li>
 * <li>Netty's {@link HAProxyMessageDecoder}, which buffers at most {@link #MAX_HEADER_BYTES} (the
 * addresses and at most {@link #MAX_TLV_BYTES} of TLVs) and removes itself after the header,
 * passing on what came after it;</li>
 * <li>this handler: a PROXY command over TCP names the client, which from then on is the
 * connection's source for {@link Admission} and its address wherever one is reported
 * ({@link Peer}); a LOCAL command (a load balancer's own health check) keeps the socket's peer.
 * Any other command or protocol, and any malformed header, closes the connection.</li>
 * </ol>
 * A refused header counts as {@code proxyHeaderInvalid}; a header not complete by the HELLO
 * deadline counts as {@code proxyHeaderTimeouts} ({@link ResponderHandler}).
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderHandler.class);

    /** TLV bytes Netty's decoder allows beyond the largest address block; an AWS NLB's VPC endpoint id takes 26. */
    static final int MAX_TLV_BYTES = 512;
    /**
     * The longest header accepted (and so the most buffered before it is read): the 16 fixed bytes,
     * the largest address block (AF_UNIX's 216) and {@link #MAX_TLV_BYTES}. An IPv4 header may thus
     * carry up to 716 bytes of TLVs.
     */
    static final int MAX_HEADER_BYTES = 16 + 216 + MAX_TLV_BYTES;
    /** The TLV type AWS uses for its own data; subtype 0x01 is the VPC endpoint id. */
    static final byte PP2_TYPE_AWS = (byte) 0xEA;
    static final byte PP2_SUBTYPE_AWS_VPCE_ID = 0x01;

    /** The v2 signature (the spec's twelve bytes), then the version in the high nibble of the 13th. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final Admission admission;
    private final ResponderCounters counters;
    private boolean refused;

    private ProxyHeaderHandler(Admission admission, ResponderCounters counters) {
        this.admission = admission;
        this.counters = counters;
    }

    /** Puts the three handlers at the end of {@code p}, which must be empty: the header comes before everything. */
    static void addTo(ChannelPipeline p, Admission admission, ResponderCounters counters) {
        ProxyHeaderHandler handler = new ProxyHeaderHandler(admission, counters);
        p.addLast("proxy-signature", new Signature(handler));
        p.addLast("proxy-decoder", new HAProxyMessageDecoder(MAX_TLV_BYTES));
        p.addLast("proxy-header", handler);
    }

    /** True while the connection has not sent its whole PROXY header (and is not refused). */
    static boolean awaitingHeader(Channel ch) {
        ProxyHeaderHandler handler = ch.pipeline().get(ProxyHeaderHandler.class);
        return handler != null && !handler.refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // only the decoder's leftovers on a connection being torn down: the header is not complete
            ReferenceCountUtil.release(msg);
            refuse(ctx.channel(), "data before the PROXY header was complete");
            return;
        }
        try {
            if (refused) {
                return;
            }
            if (header.command() == HAProxyCommand.LOCAL) {
                ctx.pipeline().remove(this);
                log.debug("PROXY header from {}: LOCAL", ctx.channel().remoteAddress());
                return;
            }
            InetSocketAddress client = clientOf(header);
            if (client == null) {
                refuse(ctx.channel(), "PROXY header for " + header.proxiedProtocol() + ", not TCP over IPv4 or IPv6");
                return;
            }
            ctx.pipeline().remove(this);
            Peer.proxied(ctx.channel(), new Peer.Proxied(client, vpcEndpoint(header.tlvs())));
            admission.clientKnown(ctx.channel(), client.getAddress());
        } finally {
            header.release();
        }
    }

    /** Whatever the signature check or Netty's decoder throws: a malformed or oversized header. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx.channel(), cause.getCause() != null ? cause.getCause().toString() : cause.toString());
    }

    /** Closes a connection whose header is not an acceptable v2 header; counted once per connection. */
    void refuse(Channel ch, String why) {
        if (refused) {
            return;
        }
        refused = true;
        counters.proxyHeaderInvalid.increment();
        log.debug("closing {}: {}", ch.remoteAddress(), why);
        ch.config().setAutoRead(false);
        ch.close();
    }

    /** The source the header names, for TCP over IPv4 or IPv6; null for anything else. Never a DNS lookup. */
    static InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.proxiedProtocol() != HAProxyProxiedProtocol.TCP4 && header.proxiedProtocol() != HAProxyProxiedProtocol.TCP6) {
            return null;
        }
        byte[] ip = header.sourceAddress() == null ? null : NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
        if (ip == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), header.sourcePort());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The VPC endpoint id an AWS NLB puts in TLV 0xEA, subtype 0x01 (e.g. {@code vpce-0123456789abcdef0}), made printable; else empty. */
    static String vpcEndpoint(List<HAProxyTLV> tlvs) {
        for (HAProxyTLV tlv : tlvs) {
            ByteBuf value = tlv.content();
            if (tlv.typeByteValue() == PP2_TYPE_AWS && value.readableBytes() > 1 && value.getByte(value.readerIndex()) == PP2_SUBTYPE_AWS_VPCE_ID) {
                int length = Math.min(value.readableBytes() - 1, RejectedHelloLog.MAX_AGENT_CHARS + 1);
                return RejectedHelloLog.printable(value.toString(value.readerIndex() + 1, length, StandardCharsets.US_ASCII));
            }
        }
        return "";
    }

    /**
     * Lets through only what begins like a v2 header: the twelve signature bytes, version 2, and a
     * length that fits {@link #MAX_HEADER_BYTES}, checked as the bytes come, so that a version 1
     * header or a frame is refused at its first byte and an overlong header at its 16th. Then it
     * leaves the pipeline, passing on all it holds.
     */
    static final class Signature extends ByteToMessageDecoder {

        /** Signature, version and command, protocol and family, length. */
        private static final int FIXED_BYTES = 16;

        private final ProxyHeaderHandler handler;

        Signature(ProxyHeaderHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int start = in.readerIndex();
            int checked = Math.min(in.readableBytes(), V2_SIGNATURE.length + 1);
            for (int i = 0; i < checked; i++) {
                byte b = in.getByte(start + i);
                if (i < V2_SIGNATURE.length ? b != V2_SIGNATURE[i] : (b & 0xF0) != 0x20) {
                    refuse(ctx, in, i < V2_SIGNATURE.length ? "no PROXY protocol v2 signature" : "PROXY protocol version " + ((b & 0xF0) >> 4));
                    return;
                }
            }
            if (in.readableBytes() >= FIXED_BYTES) {
                int length = FIXED_BYTES + in.getUnsignedShort(start + 14);
                if (length > MAX_HEADER_BYTES) {
                    refuse(ctx, in, "a PROXY header of " + length + " bytes, above " + MAX_HEADER_BYTES);
                    return;
                }
                ctx.pipeline().remove(this);
            }
        }

        private void refuse(ChannelHandlerContext ctx, ByteBuf in, String why) {
            in.skipBytes(in.readableBytes());
            handler.refuse(ctx.channel(), why);
        }
    }
}
