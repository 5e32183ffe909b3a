package io.pathwatch.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The last delays the lab applied to one direction, chunk by chunk, with the connection each
 * chunk belonged to: the truth that accuracy tests compare pathwatch's figures with.
 */
public final class AppliedDelays {

    /** One chunk: its connection, the extra delay the lab gave it, its size. */
    public record Chunk(long connection, long delayNanos, int bytes) {
    }

    private final Chunk[] ring;
    private long written;

    AppliedDelays(int capacity) {
        ring = new Chunk[capacity];
    }

    synchronized void add(long connection, long delayNanos, int bytes) {
        ring[(int) (written++ % ring.length)] = new Chunk(connection, delayNanos, bytes);
    }

    /** The chunks still held, oldest first. */
    public synchronized List<Chunk> chunks() {
        List<Chunk> out = new ArrayList<>();
        long from = Math.max(0, written - ring.length);
        for (long i = from; i < written; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }
}
