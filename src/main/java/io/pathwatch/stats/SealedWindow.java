package io.pathwatch.stats;

import java.io.ByteArrayOutputStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A sealed window as kept in the ring: one byte array holding its counters and, per figure, its
 * non-empty histogram buckets as (bucket value as a delta from the previous one, count) pairs,
 * all as variable-length integers, typically 2 to 4 bytes a bucket. A full-range HdrHistogram
 * array (1 µs to 60 s, 3 digits) is 136 KiB; an hour of 10 s windows of five figures for
 * thousands of paths could not be kept that way. Expanding it into histograms of the same
 * precision restores every bucket and counter exactly.
 */
final class SealedWindow {

    final long startNanos;
    final long endNanos;
    private final byte[] data;

    private SealedWindow(long startNanos, long endNanos, byte[] data) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.data = data;
    }

    static SealedWindow of(IntervalData d) {
        Writer w = new Writer();
        for (long c : d.counts) {
            w.signed(c);
        }
        for (long e : d.errors) {
            w.unsigned(e);
        }
        for (Figure f : Figure.values()) {
            Histogram h = d.recorded(f);
            if (h == null) {
                w.unsigned(0);
                continue;
            }
            w.unsigned(h.getTotalCount());
            long previous = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                w.unsigned(v.getValueIteratedTo() - previous);
                w.unsigned(v.getCountAtValueIteratedTo());
                previous = v.getValueIteratedTo();
            }
        }
        return new SealedWindow(d.startNanos, d.endNanos, w.out.toByteArray());
    }

    /** Adds this window's counters and buckets into {@code target}. */
    void addTo(IntervalData target) {
        IntervalData d = new IntervalData(startNanos);
        Reader r = new Reader(data);
        for (int i = 0; i < d.counts.length; i++) {
            d.counts[i] = r.signed();
        }
        for (int i = 0; i < d.errors.length; i++) {
            d.errors[i] = r.unsigned();
        }
        target.addCounts(d);
        for (Figure f : Figure.values()) {
            long remaining = r.unsigned();
            long value = 0;
            while (remaining > 0) {
                value += r.unsigned();
                long count = r.unsigned();
                target.histogram(f).recordValueWithCount(value, count);
                remaining -= count;
            }
        }
    }

    /** This window alone, expanded into readable histograms. */
    IntervalData expanded() {
        IntervalData d = new IntervalData(startNanos);
        d.endNanos = endNanos;
        addTo(d);
        return d;
    }

    int storedBytes() {
        return data.length;
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void unsigned(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int i;

        Reader(byte[] data) {
            this.data = data;
        }

        long unsigned() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = data[i++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }

        long signed() {
            long u = unsigned();
            return (u >>> 1) ^ -(u & 1);
        }
    }

}
