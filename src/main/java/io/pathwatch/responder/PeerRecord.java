package io.pathwatch.responder;

import io.pathwatch.wire.TcpSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What the responder keeps of one authenticated connection for PEER_INFO: its agent, when HELLO_OK
 * was sent and when it closed, and a ring of its latest TCP_INFO snapshots. Written on the
 * connection's own event loop, read by a PEER_INFO arriving on any other: every access to the
 * mutable state holds this record's lock, which is all but never contended.
 */
final class PeerRecord {

    /** Snapshots kept per connection; the oldest is overwritten. */
    static final int CAPACITY = 64;
    /** Most connections are short probe cycles with a handful of snapshots: the ring starts small and doubles. */
    static final int INITIAL_CAPACITY = 4;
    /** Data received at most this long ago, on a connection that is not stalled (heartbeats come every 100 ms by default). */
    static final long QUIET_RECV_MILLIS = 250;

    private final long connectionId;
    private final String agent;
    private final long authenticatedAt;
    private long closedAt;
    private TcpSnapshot[] ring = new TcpSnapshot[INITIAL_CAPACITY];
    /** Index of the oldest snapshot. */
    private int head;
    private int size;
    /** When the last snapshot was taken (System.nanoTime); only touched on the connection's loop. */
    private long lastTakenNanos;
    private boolean anyTaken;
    /** The T2 of the last ECHO received, and how many; written on the connection's loop, read under the lock. */
    private long lastEchoAt;
    private long echoes;

    PeerRecord(long connectionId, String agent, long authenticatedAt) {
        this.connectionId = connectionId;
        this.agent = agent;
        this.authenticatedAt = authenticatedAt;
    }

    long connectionId() {
        return connectionId;
    }

    String agent() {
        return agent;
    }

    long authenticatedAt() {
        return authenticatedAt;
    }

    /** An ECHO arrived at {@code t2} (the receive time its reply carries). */
    synchronized void echoed(long t2) {
        lastEchoAt = t2;
        echoes++;
    }

    synchronized long lastEchoAt() {
        return lastEchoAt;
    }

    synchronized long echoes() {
        return echoes;
    }

    synchronized long closedAt() {
        return closedAt;
    }

    synchronized void close(long epochNanos) {
        if (closedAt == 0) {
            closedAt = epochNanos;
            // nothing more will be added: give back what the doubling left unused
            ring = toList().toArray(new TcpSnapshot[0]);
            head = 0;
        }
    }

    /**
     * Whether a snapshot is due: none taken yet, or the last at least {@code gapNanos} ago. Called on
     * the connection's loop only, so the time of the last one needs no lock.
     */
    boolean due(long nowNanos, long gapNanos) {
        return !anyTaken || nowNanos - lastTakenNanos >= gapNanos;
    }

    /** Records that a snapshot was attempted now (taken or not: a failed read is not retried at once). */
    void attempted(long nowNanos) {
        anyTaken = true;
        lastTakenNanos = nowNanos;
    }

    synchronized void add(TcpSnapshot snapshot) {
        if (closedAt != 0) {
            return;
        }
        if (size >= 2 && quiet(ring[(head + size - 1) % ring.length], snapshot) && quiet(ring[(head + size - 2) % ring.length], snapshot)) {
            // steady traffic overwrites its own latest snapshot rather than the stall before it: after a
            // recovery the ring keeps the stall until the prober asks, however many echoes follow
            ring[(head + size - 1) % ring.length] = snapshot;
            return;
        }
        if (size == ring.length && ring.length < CAPACITY) {
            TcpSnapshot[] grown = toList().toArray(new TcpSnapshot[Math.min(CAPACITY, ring.length * 2)]);
            ring = grown;
            head = 0;
        }
        if (size < ring.length) {
            ring[(head + size) % ring.length] = snapshot;
            size++;
        } else {
            ring[head] = snapshot;
            head = (head + 1) % ring.length;
        }
    }

    /**
     * Nothing to tell {@code next} from {@code previous} by: nothing retransmitted between them, ACKs
     * coming (replies in flight on a long path are unacknowledged for an RTT, so {@code unacked}
     * itself says nothing), data received within a heartbeat or two.
     */
    static boolean quiet(TcpSnapshot previous, TcpSnapshot next) {
        return flowing(previous) && flowing(next) && next.totalRetrans() == previous.totalRetrans();
    }

    private static boolean flowing(TcpSnapshot s) {
        long ackQuietMillis = Math.max(QUIET_RECV_MILLIS, 2 * s.rttMicros() / 1000);
        return s.retransmits() == 0 && s.lastDataRecvMillis() < QUIET_RECV_MILLIS && (s.unacked() == 0 || s.lastAckRecvMillis() < ackQuietMillis);
    }

    /** Whether any snapshot was taken: a connection closed without one (a PEER_INFO's own) is not worth keeping. */
    synchronized boolean empty() {
        return size == 0;
    }

    synchronized int size() {
        return size;
    }

    /** The ring's length now (grows with the snapshots, up to {@link #CAPACITY}). */
    synchronized int capacity() {
        return ring.length;
    }

    /** Every snapshot kept, oldest first. */
    synchronized List<TcpSnapshot> snapshots() {
        return toList();
    }

    private List<TcpSnapshot> toList() {
        List<TcpSnapshot> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(head + i) % ring.length]);
        }
        return out;
    }

    /**
     * At most {@code room} snapshots, oldest first: the last one taken before {@code from} (if any and
     * if there is room beside the range), then those taken in [{@code from}, {@code to}], thinned
     * evenly to what is left of the room.
     */
    synchronized List<TcpSnapshot> between(long from, long to, int room) {
        TcpSnapshot before = null;
        List<TcpSnapshot> inRange = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            TcpSnapshot s = ring[(head + i) % ring.length];
            if (s.takenAtEpochNanos() < from) {
                before = s;
            } else if (s.takenAtEpochNanos() <= to) {
                inRange.add(s);
            }
        }
        List<TcpSnapshot> out = new ArrayList<>(Math.min(room, inRange.size() + 1));
        if (before != null && (room >= 2 || (room == 1 && inRange.isEmpty()))) {
            out.add(before);
        }
        out.addAll(thin(inRange, room - out.size()));
        return out;
    }

    /**
     * {@code k} of {@code all}, evenly spaced, the first and the last always among them (with room
     * for one only, the last: the latest state tells most).
     */
    static <T> List<T> thin(List<T> all, int k) {
        int n = all.size();
        if (k >= n) {
            return all;
        }
        if (k <= 0) {
            return List.of();
        }
        if (k == 1) {
            return List.of(all.get(n - 1));
        }
        List<T> out = new ArrayList<>(k);
        double step = (n - 1) / (double) (k - 1);
        for (int i = 0; i < k; i++) {
            // step ≥ 1, so the rounded indices strictly increase: no snapshot twice
            out.add(all.get((int) Math.round(i * step)));
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return "PeerRecord[" + String.format("%016x", connectionId) + ", agent=" + agent + ", snapshots=" + size
                + (closedAt == 0 ? "" : ", closed") + "]";
    }
}
