package io.pathwatch.responder;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.pathwatch.wire.TcpInfoReader;
import io.pathwatch.wire.TcpSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the TCP_INFO snapshots of authenticated connections, always on the connection's own event
 * loop (TCP_INFO must be read there): after an echo is answered, at most one per
 * {@link #AFTER_ECHO_GAP_NANOS}; and from one periodic task per event loop, every
 * {@link #PERIOD_MILLIS}, for that loop's open connections with no snapshot for as long, so a silent
 * connection (a stalled stream) keeps being seen. One task per loop, not a timer per connection: a
 * wake-up costs CPU, and a responder holds up to {@code max-connections}.
 */
final class PeerSnapshots {

    private static final Logger log = LoggerFactory.getLogger(PeerSnapshots.class);
    static final long AFTER_ECHO_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long PERIOD_MILLIS = 500;
    /**
     * The task runs at a fixed rate, but a tick may come a little late and the next one then a little
     * early: a snapshot taken by the previous tick is counted as old enough at 90 % of the period, or
     * every other tick would be skipped.
     */
    private static final long TIMER_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS * 9 / 10);

    private final Map<EventLoop, LoopWatch> loops = new ConcurrentHashMap<>();

    /** From now on the periodic task of {@code channel}'s loop snapshots it; call on that loop. */
    void watch(Channel channel, PeerRecord record) {
        if (!TcpInfoReader.available(channel)) {
            return; // without epoll nothing can be read: no task wakes up for nothing
        }
        loops.computeIfAbsent(channel.eventLoop(), LoopWatch::new).live.put(channel, record);
    }

    /** The connection closed; call on its loop. */
    void unwatch(Channel channel) {
        LoopWatch watch = loops.get(channel.eventLoop());
        if (watch != null) {
            watch.live.remove(channel);
        }
    }

    /** An echo was just answered on {@code channel}; call on its loop. */
    void afterEcho(Channel channel, PeerRecord record) {
        take(channel, record, System.nanoTime(), AFTER_ECHO_GAP_NANOS);
    }

    /** Periodic tasks running: one per event loop that has served an authenticated connection. */
    int tasks() {
        return loops.size();
    }

    /** Forgets the loops (and their tasks, which end with their group): the server stopped. */
    void clear() {
        loops.clear();
    }

    private static void take(Channel channel, PeerRecord record, long now, long gap) {
        if (record.due(now, gap)) {
            record.attempted(now);
            TcpSnapshot snapshot = TcpInfoReader.read(channel);
            if (snapshot != null) {
                record.add(snapshot);
            }
        }
    }

    /** One event loop's open authenticated connections, touched on that loop only. */
    private static final class LoopWatch {
        final Map<Channel, PeerRecord> live = new HashMap<>();

        LoopWatch(EventLoop loop) {
            loop.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            try {
                long now = System.nanoTime();
                for (Map.Entry<Channel, PeerRecord> e : live.entrySet()) {
                    if (e.getKey().isActive()) {
                        take(e.getKey(), e.getValue(), now, TIMER_GAP_NANOS);
                    }
                }
            } catch (Throwable e) { // a periodic task that throws is never run again
                log.warn("taking TCP_INFO snapshots failed: {}", e.toString());
            }
        }
    }
}
