package io.pathwatch.responder;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who is at the other end of a connection: the client a PROXY protocol header named, else the
 * socket's peer. Whatever reports a peer (logs, failed HELLOs, the health's prober list) asks here.
 */
final class Peer {

    /** What a PROXY header said: the client's address and port, and the AWS VPC endpoint it came through (empty if none). */
    record Proxied(InetSocketAddress client, String vpcEndpoint) {
    }

    private static final AttributeKey<Proxied> PROXIED = AttributeKey.valueOf(Peer.class, "proxied");

    private Peer() {
    }

    static void proxied(Channel ch, Proxied proxied) {
        ch.attr(PROXIED).set(proxied);
    }

    /** The client's address: the PROXY header's if it named one, else the socket's peer. */
    static SocketAddress address(Channel ch) {
        Proxied p = ch.attr(PROXIED).get();
        return p != null ? p.client() : ch.remoteAddress();
    }

    /** The AWS VPC endpoint id the PROXY header named (an NLB behind a PrivateLink endpoint service), else empty. */
    static String vpcEndpoint(Channel ch) {
        Proxied p = ch.attr(PROXIED).get();
        return p != null ? p.vpcEndpoint() : "";
    }

    /** For logs: the client, and the socket's peer it came through when a PROXY header named the client. */
    static String describe(Channel ch) {
        Proxied p = ch.attr(PROXIED).get();
        return p == null ? String.valueOf(ch.remoteAddress()) : p.client() + " via " + ch.remoteAddress();
    }
}
