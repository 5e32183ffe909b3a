package io.pathwatch.lab;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.pathwatch.wire.Transport;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated path: a listener on loopback that forwards every connection to the target
 * through two {@link DirectionPump}s. Settings can be replaced while it runs; they apply to the
 * next chunk.
 */
public final class LabPath {

    private final String name;
    private final InetSocketAddress target;
    private final long seed;
    private final long origin = System.nanoTime();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AppliedDelays upstreamApplied = new AppliedDelays(100_000);
    private final AppliedDelays downstreamApplied = new AppliedDelays(100_000);
    private final StallClock upstreamStalls;
    private final StallClock downstreamStalls;
    private volatile LabPathSettings settings;
    private Channel listener;

    LabPath(String name, InetSocketAddress target, LabPathSettings settings, long seed) {
        this.name = name;
        this.target = target;
        this.settings = settings;
        this.seed = seed;
        this.upstreamStalls = new StallClock(origin, new Random(seed ^ 0x5A5A));
        this.downstreamStalls = new StallClock(origin, new Random(seed ^ 0xA5A5));
    }

    public String name() {
        return name;
    }

    public InetSocketAddress target() {
        return target;
    }

    public LabPathSettings settings() {
        return settings;
    }

    public void update(LabPathSettings next) {
        settings = next;
    }

    /** Stops forwarding in both directions from now for {@code millis}. */
    public void stallNow(double millis) {
        long until = System.nanoTime() + Impairment.nanos(millis);
        upstreamStalls.stallUntil(until);
        downstreamStalls.stallUntil(until);
    }

    public int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public long connections() {
        return connections.get();
    }

    public long resets() {
        return resets.get();
    }

    public AppliedDelays applied(Direction d) {
        return d == Direction.UPSTREAM ? upstreamApplied : downstreamApplied;
    }

    void start(EventLoopGroup group, Transport transport, ChannelGroup connections, String bind, int port) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("proxy", new Connection(LabPath.this.connections.incrementAndGet(), transport, connections));
                    }
                })
                .bind(bind, port).sync().channel();
    }

    void stop() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
    }

    /** Hands what one side reads to its pump; either side closing closes the connection. */
    private abstract static class Forwarder extends ChannelInboundHandlerAdapter {

        abstract DirectionPump pump();

        abstract void closeBoth();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pump().forward((ByteBuf) msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeBoth();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeBoth();
        }
    }

    /** One proxied connection: the front (prober side) and, once connected, the back (target side). */
    private final class Connection extends Forwarder {

        private final long id;
        private final Transport transport;
        private final ChannelGroup all;
        private Channel front;
        private Channel back;
        private DirectionPump up;
        private DirectionPump down;

        Connection(long id, Transport transport, ChannelGroup all) {
            this.id = id;
            this.transport = transport;
            this.all = all;
        }

        @Override
        DirectionPump pump() {
            return up;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            front = ctx.channel();
            Random random = new Random(seed * 31 + id);
            up = new DirectionPump(id, () -> settings.upstream(), upstreamStalls, random, upstreamApplied, this::reset, front.eventLoop());
            down = new DirectionPump(id, () -> settings.downstream(), downstreamStalls, random, downstreamApplied, this::reset, front.eventLoop());
            Connection connection = this;
            new Bootstrap().group(front.eventLoop()).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Forwarder() {
                        @Override
                        DirectionPump pump() {
                            return down;
                        }

                        @Override
                        void closeBoth() {
                            connection.closeBoth();
                        }
                    })
                    .connect(target).addListener(f -> {
                        if (!f.isSuccess()) {
                            front.close();
                            return;
                        }
                        back = ((ChannelFuture) f).channel();
                        all.add(back);
                        if (!front.isActive()) {
                            back.close(); // the prober left while the lab was still connecting
                            return;
                        }
                        up.destination(back);
                        down.destination(front);
                        front.config().setAutoRead(true);
                    });
        }

        /** An injected reset: both sides see RST, as when a middlebox kills the flow. */
        private void reset() {
            resets.incrementAndGet();
            for (Channel ch : new Channel[] {front, back}) {
                if (ch != null && ch.isOpen()) {
                    ch.config().setOption(ChannelOption.SO_LINGER, 0);
                }
            }
            closeBoth();
        }

        @Override
        void closeBoth() {
            up.close();
            down.close();
            front.close();
            if (back != null) {
                back.close();
            }
        }
    }
}
