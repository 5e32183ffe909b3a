package io.pathwatch.responder;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which connections the responder serves. At most {@code max} at once; a connection that has not
 * completed HELLO is the first to go, so that idle or hostile connections cannot lock out the
 * probers:
 * <ul>
 * <li>a source holds at most {@code maxUnauthenticatedPerSource} unauthenticated connections; a
 * new one evicts that source's oldest (a prober behind the same address as an attacker still gets
 * in), unless that one is younger than {@link #GRACE_NANOS}: a busy prober opening hundreds of
 * connections a second to a far responder has that many in HELLO at once. Young or not, a source
 * never holds more than {@link #HARD_CAP_FACTOR} times the cap;</li>
 * <li>at {@code max}, a new connection evicts the oldest unauthenticated one of a source that holds
 * more than its cap (a flood from one source evicts its own connections, not other sources'), or
 * else the oldest unauthenticated one of all; only when every connection is authenticated is the
 * new one refused. An authenticated connection is never evicted for an unauthenticated one.
 * Against a flood from many addresses, each under its cap, nothing tells a prober's connection from
 * the flood's but age.</li>
 * </ul>
 * A source is an IPv4 address or an IPv6 /64 (one host commonly has a whole /64 to pick from). With
 * {@code proxy-protocol: v2} a connection is admitted when it opens, as the socket's peer (the load
 * balancer's address), and counts against the client its PROXY header names once the header is
 * read ({@link #clientKnown}); the header's time counts against the HELLO deadline.
 * Shared by every channel of the server, on several event loops: its state is under one lock,
 * held only for map operations (and, at the limit, one pass over the few sources over their cap);
 * channels are closed outside it.
 */
@ChannelHandler.Sharable
final class Admission extends ChannelInboundHandlerAdapter {

    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int HARD_CAP_FACTOR = 4;

    private final int max;
    private final int maxUnauthenticatedPerSource;
    private final Object lock = new Object();
    /** Each admitted connection's source: its socket's peer at admission, its client once a PROXY header names one. */
    private final Map<Channel, InetAddress> admitted = new HashMap<>();
    private final Set<Channel> onPreviousSecret = new HashSet<>();
    private final Map<Channel, Prober> probers = new HashMap<>();
    /** When each unauthenticated connection was admitted. */
    private final Map<Channel, Long> since = new HashMap<>();
    /** Oldest first. */
    private final LinkedHashSet<Channel> unauthenticated = new LinkedHashSet<>();
    private final Map<InetAddress, LinkedHashSet<Channel>> unauthenticatedBySource = new HashMap<>();
    /** The sources holding more than their cap in HELLO (young connections within the grace). */
    private final Set<InetAddress> overCap = new HashSet<>();
    final LongAdder refusedFull = new LongAdder();
    final LongAdder evictedAtLimit = new LongAdder();
    final LongAdder evictedPerSource = new LongAdder();

    Admission(int max, int maxUnauthenticatedPerSource) {
        this.max = max;
        this.maxUnauthenticatedPerSource = maxUnauthenticatedPerSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        InetAddress source = source(ch.remoteAddress());
        List<Channel> evicted = new ArrayList<>(2);
        boolean admit;
        synchronized (lock) {
            long now = System.nanoTime();
            makeRoomIn(source, now, evicted);
            if (admitted.size() >= max && !unauthenticated.isEmpty()) {
                Channel oldest = victimAtTheLimit();
                forget(oldest);
                evicted.add(oldest);
                evictedAtLimit.increment();
            }
            admit = admitted.size() < max;
            if (admit) {
                unauthenticated.add(ch);
                since.put(ch, now);
                joinSource(ch, source);
            } else {
                refusedFull.increment();
            }
        }
        evicted.forEach(Channel::close);
        if (!admit) {
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    /**
     * The connection's PROXY protocol header named its client: from now on the connection counts
     * against the client's source, not the socket's (a load balancer's). As for a new connection,
     * a source at its cap loses its oldest in HELLO to make room (once that one is older than the
     * grace, or always at {@link #HARD_CAP_FACTOR} times the cap). The connection keeps its age; in
     * its new source it comes after those already there. Nothing happens to a connection that is no
     * longer waiting for HELLO (evicted meanwhile).
     */
    void clientKnown(Channel ch, InetAddress client) {
        InetAddress source = source(client);
        List<Channel> evicted = new ArrayList<>(1);
        synchronized (lock) {
            if (!unauthenticated.contains(ch) || Objects.equals(admitted.get(ch), source)) {
                return;
            }
            leaveSource(ch);
            makeRoomIn(source, System.nanoTime(), evicted);
            joinSource(ch, source);
        }
        evicted.forEach(Channel::close);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        synchronized (lock) {
            forget(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    /**
     * The connection completed HELLO: it is no longer the first to go.
     *
     * @return what the responder's health shows of it; its handler counts the echoes there
     */
    Prober authenticated(Channel ch, String agent, boolean previousSecret) {
        Prober prober = new Prober(RejectedHelloLog.printable(agent), Peer.address(ch) instanceof InetSocketAddress isa ? isa.getAddress() : null,
                Peer.vpcEndpoint(ch), Instant.now(), System.nanoTime(), previousSecret, new LongAdder());
        synchronized (lock) {
            if (unauthenticated.remove(ch)) {
                since.remove(ch);
                leaveSource(ch);
            }
            if (admitted.containsKey(ch)) {
                probers.put(ch, prober);
                if (previousSecret) {
                    onPreviousSecret.add(ch);
                }
            }
        }
        return prober;
    }

    /**
     * An authenticated connection as the responder's health shows it: the agent name is the peer's,
     * made printable; the address is the client's (its PROXY header's, when there is one); the VPC
     * endpoint is the one an AWS NLB named in that header, else empty.
     */
    record Prober(String agent, InetAddress address, String vpcEndpoint, Instant since, long sinceNanos, boolean previousSecret,
                  LongAdder echoes) {
    }

    /** The authenticated connections open now. */
    List<Prober> probers() {
        synchronized (lock) {
            return new ArrayList<>(probers.values());
        }
    }

    /** Connections open now whose prober proved the previous secret (a rotation is not finished). */
    int onPreviousSecret() {
        synchronized (lock) {
            return onPreviousSecret.size();
        }
    }

    int active() {
        synchronized (lock) {
            return admitted.size();
        }
    }

    int unauthenticated() {
        synchronized (lock) {
            return unauthenticated.size();
        }
    }

    /** Reply bytes queued in the responder and not yet taken by the kernel, every connection together. */
    long queuedReplyBytes() {
        List<Channel> channels;
        synchronized (lock) {
            channels = new ArrayList<>(admitted.keySet());
        }
        long sum = 0;
        for (Channel ch : channels) {
            var out = ch.unsafe().outboundBuffer();
            sum += out == null ? 0 : out.totalPendingWriteBytes();
        }
        return sum;
    }

    /**
     * At the limit: the oldest connection in HELLO of a source over its cap (a flood from one
     * source evicts its own), else the oldest in HELLO of all. A source over its cap holds more than
     * {@code maxUnauthenticatedPerSource}, so there are at most {@code max / cap} of them to look at.
     */
    private Channel victimAtTheLimit() {
        Channel victim = null;
        long victimSince = Long.MAX_VALUE;
        for (InetAddress source : overCap) {
            Channel oldest = unauthenticatedBySource.get(source).iterator().next();
            long t = since.get(oldest);
            if (t < victimSince) {
                victim = oldest;
                victimSince = t;
            }
        }
        return victim != null ? victim : unauthenticated.iterator().next();
    }

    /**
     * A new connection of {@code source} is coming: if the source holds its cap in HELLO, its oldest
     * goes once older than the grace, and always at {@link #HARD_CAP_FACTOR} times the cap.
     */
    private void makeRoomIn(InetAddress source, long now, List<Channel> evicted) {
        LinkedHashSet<Channel> mine = unauthenticatedBySource.get(source);
        if (mine != null && mine.size() >= maxUnauthenticatedPerSource) {
            Channel oldest = mine.iterator().next();
            if (now - since.get(oldest) >= GRACE_NANOS || mine.size() >= (long) HARD_CAP_FACTOR * maxUnauthenticatedPerSource) {
                forget(oldest);
                evicted.add(oldest);
                evictedPerSource.increment();
            }
        }
    }

    /** Counts an admitted connection in HELLO against {@code source}. */
    private void joinSource(Channel ch, InetAddress source) {
        admitted.put(ch, source);
        LinkedHashSet<Channel> theirs = unauthenticatedBySource.computeIfAbsent(source, s -> new LinkedHashSet<>());
        theirs.add(ch);
        if (theirs.size() > maxUnauthenticatedPerSource) {
            overCap.add(source);
        }
    }

    private void forget(Channel ch) {
        if (unauthenticated.remove(ch)) {
            since.remove(ch);
            leaveSource(ch);
        }
        admitted.remove(ch);
        onPreviousSecret.remove(ch);
        probers.remove(ch);
    }

    /** Takes a connection in HELLO out of its source's count (it stays admitted). */
    private void leaveSource(Channel ch) {
        InetAddress source = admitted.get(ch);
        LinkedHashSet<Channel> mine = unauthenticatedBySource.get(source);
        if (mine != null && mine.remove(ch)) {
            if (mine.size() <= maxUnauthenticatedPerSource) {
                overCap.remove(source);
            }
            if (mine.isEmpty()) {
                unauthenticatedBySource.remove(source);
            }
        }
    }

    /** The source a connection counts against: its IPv4 address, or the /64 of its IPv6 address. */
    static InetAddress source(SocketAddress address) {
        return address instanceof InetSocketAddress isa ? source(isa.getAddress()) : null;
    }

    /** The source an address counts against: itself if IPv4, its /64 if IPv6. */
    static InetAddress source(InetAddress ip) {
        if (ip instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(Arrays.copyOf(ip.getAddress(), 8), 16);
            try {
                return InetAddress.getByAddress(prefix);
            } catch (UnknownHostException cannotHappen) {
                return ip;
            }
        }
        return ip;
    }
}
