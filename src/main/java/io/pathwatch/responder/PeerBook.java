package io.pathwatch.responder;

import io.pathwatch.wire.PeerInfo;
import io.pathwatch.wire.PeerInfoReply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The responder's records of authenticated connections, by the connection id HELLO_OK gave, and the
 * answers to PEER_INFO from them. A record stays while its connection is open (bounded by
 * {@code max-connections}) and for {@link #RETENTION_NANOS} after it closes, at most
 * {@link #MAX_CLOSED} closed short ones and {@link #MAX_CLOSED_LONG_LIVED} closed streams (the
 * oldest closed goes first; a record with no snapshot is not kept): the prober asks while a hang is
 * open and right after it ends, well within that, even while a thousand cycles a second close.
 */
final class PeerBook {

    static final long RETENTION_NANOS = TimeUnit.MINUTES.toNanos(3);
    static final int MAX_CLOSED = 4096;
    /** Streams (connections that lived this long) have a pool of their own, so that a flood of short cycles does not push them out. */
    static final long LONG_LIVED_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int MAX_CLOSED_LONG_LIVED = 1024;
    static final int MAX_CYCLE_ECHOES = 100;

    private final Clock clock;
    private final boolean tcpInfo;
    private final ConcurrentHashMap<Long, PeerRecord> records = new ConcurrentHashMap<>();
    /** Closed records of short connections (probe cycles) in the order they closed; guarded by itself. */
    private final ArrayDeque<PeerRecord> closed = new ArrayDeque<>();
    /** The same for long-lived ones (streams); guarded by {@link #closed}. */
    private final ArrayDeque<PeerRecord> closedLongLived = new ArrayDeque<>();

    /**
     * @param clock   the responder's wall clock (the one its T2/T3 times come from: PEER_INFO ranges are on it)
     * @param tcpInfo whether this responder can read TCP_INFO at all (native epoll)
     */
    PeerBook(Clock clock, boolean tcpInfo) {
        this.clock = clock;
        this.tcpInfo = tcpInfo;
    }

    long now() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** A connection has just been authenticated as {@code agent}; its HELLO_OK goes out now. */
    PeerRecord opened(long connectionId, String agent) {
        PeerRecord record = new PeerRecord(connectionId, agent, now());
        records.put(connectionId, record);
        return record;
    }

    /** The record's connection closed: kept for the retention, as one of the newest closed. */
    void closed(PeerRecord record) {
        long now = now();
        record.close(now);
        if (tcpInfo && record.empty()) {
            records.remove(record.connectionId(), record); // nothing to tell (a PEER_INFO's own connection)
            return;
        }
        // a probe cycle sends at most 100 echoes (echo-count); a stream more, or lives longer
        boolean longLived = now - record.authenticatedAt() >= LONG_LIVED_NANOS || record.echoes() > MAX_CYCLE_ECHOES;
        synchronized (closed) {
            ArrayDeque<PeerRecord> pool = longLived ? closedLongLived : closed;
            pool.addLast(record);
            while (pool.size() > (longLived ? MAX_CLOSED_LONG_LIVED : MAX_CLOSED)) {
                PeerRecord oldest = pool.removeFirst();
                records.remove(oldest.connectionId(), oldest);
            }
        }
    }

    /** Forgets the closed records past the retention; run every few seconds. */
    void sweep() {
        long now = now();
        synchronized (closed) {
            for (ArrayDeque<PeerRecord> pool : List.of(closed, closedLongLived)) {
                while (!pool.isEmpty() && expired(pool.peekFirst(), now)) {
                    PeerRecord oldest = pool.removeFirst();
                    records.remove(oldest.connectionId(), oldest);
                }
            }
        }
    }

    private static boolean expired(PeerRecord record, long now) {
        long closedAt = record.closedAt();
        return closedAt != 0 && now - closedAt > RETENTION_NANOS;
    }

    /**
     * The answer to {@code request} from a connection authenticated as {@code agent}: a prober reads
     * only its own agent's connections (and ids are random 64-bit numbers, not guessed).
     */
    PeerInfoReply answer(PeerInfo request, String agent) {
        PeerRecord record = records.get(request.connectionId());
        if (record == null || !record.agent().equals(agent) || expired(record, now())) {
            return PeerInfoReply.to(request, PeerInfoReply.Status.UNKNOWN_CONNECTION, 0, 0, List.of());
        }
        if (!tcpInfo) {
            return PeerInfoReply.to(request, PeerInfoReply.Status.NO_TCP_INFO, record.authenticatedAt(), record.closedAt(),
                    record.lastEchoAt(), List.of());
        }
        return PeerInfoReply.to(request, PeerInfoReply.Status.OK, record.authenticatedAt(), record.closedAt(), record.lastEchoAt(),
                record.between(request.fromEpochNanos(), request.toEpochNanos(), request.room()));
    }

    /** Records kept now, open and closed. */
    int size() {
        return records.size();
    }

    int closedKept() {
        synchronized (closed) {
            return closed.size() + closedLongLived.size();
        }
    }
}
