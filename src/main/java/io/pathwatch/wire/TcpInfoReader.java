package io.pathwatch.wire;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Reads TCP_INFO of a connection's socket, with native epoll only ({@link EpollSocketChannel#tcpInfo}):
 * NIO has no way to it, and then there is no snapshot rather than a guess. Call it on the
 * channel's own event loop, while it is open: the descriptor is then still the channel's (a closed
 * one's number may already belong to another socket).
 */
public final class TcpInfoReader {

    private static final FastThreadLocal<EpollTcpInfo> BUFFER = new FastThreadLocal<>() {
        @Override
        protected EpollTcpInfo initialValue() {
            return new EpollTcpInfo();
        }
    };

    private TcpInfoReader() {
    }

    /** Whether this channel's kernel state can be read at all. */
    public static boolean available(Channel channel) {
        return channel instanceof EpollSocketChannel;
    }

    /** A snapshot now, or null: not epoll, not open, or the kernel refused. */
    public static TcpSnapshot read(Channel channel) {
        if (!(channel instanceof EpollSocketChannel epoll) || !channel.isOpen() || !channel.eventLoop().inEventLoop()) {
            return null;
        }
        try {
            EpollTcpInfo i = epoll.tcpInfo(BUFFER.get());
            return new TcpSnapshot(WallClock.nanos(), i.state(), i.retransmits(), i.backoff(), i.rto(), i.rtt(), i.rttvar(), i.sndCwnd(),
                    i.unacked(), i.lost(), i.totalRetrans(), i.lastDataSent(), i.lastDataRecv(), i.lastAckRecv());
        } catch (RuntimeException e) { // a socket closing under us: no snapshot
            return null;
        }
    }
}
