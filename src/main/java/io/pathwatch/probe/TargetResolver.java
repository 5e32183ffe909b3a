package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.pathwatch.wire.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves target hosts without blocking an event loop: IP literals at once, the special-use
 * names of RFC 6761 ({@code localhost} to loopback, {@code .invalid} to an immediate negative
 * answer) without a query, everything else with Netty's asynchronous DNS resolver (which honours
 * /etc/hosts and /etc/resolv.conf and caches by TTL), one resolver per event loop.
 */
final class TargetResolver implements AutoCloseable {

    private final Transport transport;
    private final Map<EventLoop, DnsNameResolver> resolvers = new ConcurrentHashMap<>();

    TargetResolver(Transport transport) {
        this.transport = transport;
    }

    Future<InetAddress> resolve(String host, EventLoop loop) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        String name = host.toLowerCase(Locale.ROOT);
        try {
            if (literal != null) {
                return loop.newSucceededFuture(InetAddress.getByAddress(host, literal));
            }
            if (name.equals("localhost") || name.endsWith(".localhost")) {
                return loop.newSucceededFuture(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
            }
        } catch (UnknownHostException e) {
            return loop.newFailedFuture(e);
        }
        if (name.equals("invalid") || name.endsWith(".invalid") || name.endsWith(".invalid.")) {
            return loop.newFailedFuture(new UnknownHostException(host + ": .invalid never resolves (RFC 6761)"));
        }
        return resolvers.computeIfAbsent(loop, this::newResolver).resolve(host);
    }

    private DnsNameResolver newResolver(EventLoop loop) {
        return new DnsNameResolverBuilder(loop)
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .build();
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsNameResolver::close);
        resolvers.clear();
    }
}
