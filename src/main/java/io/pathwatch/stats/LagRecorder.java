package io.pathwatch.stats;

import io.pathwatch.path.LoopLagListener;
import java.util.Arrays;
import org.HdrHistogram.WriterReaderPhaser;

/** One event loop's lag samples (µs), written by that loop alone and swapped out by the stats thread. */
final class LagRecorder implements LoopLagListener {

    /** A sample buffer and its fill, swapped as one. */
    private static final class Buffer {
        int[] values = new int[64];
        int size;
    }

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Buffer active = new Buffer();
    private Buffer spare = new Buffer();

    @Override
    public void loopLag(long lateNanos) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Buffer b = active;
            if (b.size == b.values.length) {
                if (b.size >= Interval.MAX_SAMPLES) {
                    return;
                }
                b.values = Arrays.copyOf(b.values, b.size * 2);
            }
            b.values[b.size++] = (int) Math.min(Interval.HIGHEST_MICROS, Math.max(0, (lateNanos + 500) / 1000));
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /** Adds what was written since the last call to {@code into}. Stats thread only. */
    void drainTo(RunsBuilder into) {
        Buffer filled;
        phaser.readerLock();
        try {
            filled = active;
            active = spare;
            phaser.flipPhase();
        } finally {
            phaser.readerUnlock();
        }
        try {
            into.addRaw(filled.values, filled.size);
        } finally {
            filled.size = 0;
            spare = filled;
        }
    }
}
