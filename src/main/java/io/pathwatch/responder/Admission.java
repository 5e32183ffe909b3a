package io.pathwatch.responder;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which connections the responder serves. At most {@code max} at once; a connection that has not
 * completed HELLO is the first to go, so that idle or hostile connections cannot lock out the
 * probers:
 * <ul>
 * <li>a source address holds at most {@code maxUnauthenticatedPerSource} unauthenticated
 * connections; a new one evicts that source's oldest (a prober behind the same address as an
 * attacker still gets in), unless that one is younger than {@link #GRACE_NANOS}: a busy prober
 * opening hundreds of connections a second to a far responder has that many in HELLO at once,
 * and none of them is idle;</li>
 * <li>at {@code max}, a new connection evicts the oldest unauthenticated one anywhere; only when
 * every connection is authenticated is the new one refused. An authenticated connection is never
 * evicted for an unauthenticated one.</li>
 * </ul>
 * Shared by every channel of the server, on several event loops: its state is under one lock,
 * held only for set operations; channels are closed outside it.
 */
@ChannelHandler.Sharable
final class Admission extends ChannelInboundHandlerAdapter {

    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int max;
    private final int maxUnauthenticatedPerSource;
    private final Object lock = new Object();
    /** Each admitted connection's source address (read once, at admission). */
    private final Map<Channel, InetAddress> admitted = new HashMap<>();
    private final Set<Channel> onPreviousSecret = new HashSet<>();
    /** When each unauthenticated connection was admitted. */
    private final Map<Channel, Long> since = new HashMap<>();
    /** Oldest first. */
    private final LinkedHashSet<Channel> unauthenticated = new LinkedHashSet<>();
    private final Map<InetAddress, LinkedHashSet<Channel>> unauthenticatedBySource = new HashMap<>();
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
            LinkedHashSet<Channel> mine = unauthenticatedBySource.get(source);
            if (mine != null && mine.size() >= maxUnauthenticatedPerSource) {
                Channel oldest = mine.iterator().next();
                if (now - since.get(oldest) >= GRACE_NANOS) {
                    forget(oldest);
                    evicted.add(oldest);
                    evictedPerSource.increment();
                }
            }
            if (admitted.size() >= max && !unauthenticated.isEmpty()) {
                Channel oldest = unauthenticated.iterator().next();
                forget(oldest);
                evicted.add(oldest);
                evictedAtLimit.increment();
            }
            admit = admitted.size() < max;
            if (admit) {
                admitted.put(ch, source);
                unauthenticated.add(ch);
                since.put(ch, now);
                unauthenticatedBySource.computeIfAbsent(source, s -> new LinkedHashSet<>()).add(ch);
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        synchronized (lock) {
            forget(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    /** The connection completed HELLO: it is no longer the first to go. */
    void authenticated(Channel ch, boolean previousSecret) {
        synchronized (lock) {
            if (unauthenticated.remove(ch)) {
                removeFromSource(ch);
            }
            if (previousSecret && admitted.containsKey(ch)) {
                onPreviousSecret.add(ch);
            }
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

    private void forget(Channel ch) {
        if (unauthenticated.remove(ch)) {
            removeFromSource(ch);
        }
        admitted.remove(ch);
        onPreviousSecret.remove(ch);
    }

    private void removeFromSource(Channel ch) {
        since.remove(ch);
        InetAddress source = admitted.get(ch);
        LinkedHashSet<Channel> mine = unauthenticatedBySource.get(source);
        if (mine != null && mine.remove(ch) && mine.isEmpty()) {
            unauthenticatedBySource.remove(source);
        }
    }

    private static InetAddress source(SocketAddress address) {
        return address instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
