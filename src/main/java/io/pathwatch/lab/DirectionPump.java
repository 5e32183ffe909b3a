package io.pathwatch.lab;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries one direction of one proxied connection. Each chunk read from the source gets a
 * release time: arrival + delay + jitter, never before the previous chunk's (order is kept), not
 * before the bandwidth cap has serialised the previous bytes, and never inside a stall. It is
 * then written on the event loop's timer at that time. Runs on the connection's event loop.
 */
final class DirectionPump {

    private final long connection;
    private final Supplier<Impairment> settings;
    private final StallClock stalls;
    private final Random random;
    private final AppliedDelays applied;
    private final Runnable reset;
    private final EventLoop loop;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private Channel destination;
    private long lastRelease;
    private long bandwidthFree;
    private long bytes;
    private boolean closed;

    DirectionPump(long connection, Supplier<Impairment> settings, StallClock stalls, Random random, AppliedDelays applied,
                  Runnable reset, EventLoop loop) {
        this.connection = connection;
        this.settings = settings;
        this.stalls = stalls;
        this.random = random;
        this.applied = applied;
        this.reset = reset;
        this.loop = loop;
    }

    void destination(Channel destination) {
        this.destination = destination;
    }

    void forward(ByteBuf chunk) {
        Impairment imp = settings.get();
        int n = chunk.readableBytes();
        if (closed || imp.blackhole()) {
            chunk.release();
            return;
        }
        bytes += n;
        if ((imp.resetAfterBytes() > 0 && bytes >= imp.resetAfterBytes())
                || (imp.resetProbability() > 0 && random.nextDouble() < imp.resetProbability())) {
            chunk.release();
            reset.run();
            return;
        }
        long now = System.nanoTime();
        long release = Math.max(now + extraDelay(imp), lastRelease);
        if (imp.bandwidthBytesPerSecond() > 0) {
            // store and forward: a chunk leaves once its last byte has been serialised at the cap
            bandwidthFree = Math.max(release, bandwidthFree) + n * TimeUnit.SECONDS.toNanos(1) / imp.bandwidthBytesPerSecond();
            release = bandwidthFree;
        }
        release = stalls.notStalledAt(release, imp);
        lastRelease = release;
        applied.add(connection, release - now, n);
        long wait = release - now;
        if (wait <= 0 && pending.isEmpty()) {
            destination.writeAndFlush(chunk, destination.voidPromise());
            return;
        }
        // release times never decrease and the timer runs equal deadlines in order, so the n-th
        // task writes the n-th pending chunk
        pending.addLast(chunk);
        loop.schedule(this::releaseOldest, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    private void releaseOldest() {
        ByteBuf chunk = pending.pollFirst();
        if (chunk != null) {
            destination.writeAndFlush(chunk, destination.voidPromise());
        }
    }

    /** The connection is gone: drop what was still held. */
    void close() {
        closed = true; // a read already under way may still arrive; it is dropped, never queued
        ByteBuf chunk;
        while ((chunk = pending.pollFirst()) != null) {
            chunk.release();
        }
    }

    private long extraDelay(Impairment imp) {
        double ms = imp.delayMs();
        if (imp.jitterMs() > 0) {
            ms += imp.jitterDistribution() == Impairment.Distribution.normal
                    ? random.nextGaussian() * imp.jitterMs()
                    : (random.nextDouble() * 2 - 1) * imp.jitterMs();
        }
        return Math.max(0, Impairment.nanos(ms));
    }
}
