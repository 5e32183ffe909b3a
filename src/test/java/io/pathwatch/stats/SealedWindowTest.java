package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.FailureKind;
import java.util.Arrays;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SealedWindowTest {

    @Test
    void bucketsAreHdrHistogramsForOneMicrosecondAndThreeDigits() {
        Histogram reference = new Histogram(1, Interval.HIGHEST_MICROS, 3);
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long v = i < 5_000 ? i : (long) Math.exp(random.nextDouble() * Math.log(Interval.HIGHEST_MICROS));
            assertThat(Buckets.lowest(v)).as("lowest of %d", v).isEqualTo(reference.lowestEquivalentValue(v));
            assertThat(Buckets.highest(v)).as("highest of %d", v).isEqualTo(reference.highestEquivalentValue(v));
        }
    }

    @Test
    void everyRunAndCounterComesBackExactly() {
        Random random = new Random(7);
        int[][] sorted = new int[Figure.SIZE][];
        int[] sizes = new int[Figure.SIZE];
        int[] rtt = new int[5_000];
        for (int i = 0; i < rtt.length; i++) {
            rtt[i] = (int) Buckets.lowest((long) Math.exp(random.nextDouble() * Math.log(Interval.HIGHEST_MICROS)));
        }
        rtt[0] = 0;
        rtt[1] = (int) Buckets.lowest(Interval.HIGHEST_MICROS);
        Arrays.sort(rtt);
        sorted[Figure.RTT.ordinal()] = rtt;
        sizes[Figure.RTT.ordinal()] = rtt.length;
        long[] counts = Count.empty();
        counts[Count.CYCLES.ordinal()] = 10;
        counts[Count.OFFSET_AT_MIN_NS.ordinal()] = -5_000_000;
        counts[Count.MIN_NETWORK_RTT_NS.ordinal()] = 199_000_000;
        long[] errors = new long[FailureKind.values().length];
        errors[FailureKind.TLS_ERROR.ordinal()] = 3;

        SealedWindow w = SealedWindow.encode(123, 10_000_000_123L, counts, errors, sorted, sizes);
        SealedWindow back = SealedWindow.decode(123, 10_000_000_123L, w.bytes());

        long[] rttLong = Arrays.stream(rtt).asLongStream().toArray();
        assertThat(back.samples(Figure.RTT)).isEqualTo(Samples.ofMicros(rttLong));
        assertThat(back.samples(Figure.CONNECT).count()).isZero();
        assertThat(back.counts()).containsExactly(counts);
        long[] e = new long[errors.length];
        back.read(new long[Count.SIZE], e, null);
        assertThat(e).containsExactly(errors);
    }

    @Test
    void aTypicalWindowTakesAFewBytesPerDistinctValue() {
        Random random = new Random(3);
        int[][] sorted = new int[Figure.SIZE][];
        int[] sizes = new int[Figure.SIZE];
        int[] stream = new int[100];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (int) Buckets.lowest(205_000 + (long) (random.nextGaussian() * 400));
        }
        Arrays.sort(stream);
        sorted[Figure.STREAM_RTT.ordinal()] = stream;
        sizes[Figure.STREAM_RTT.ordinal()] = stream.length;
        long distinct = Arrays.stream(stream).distinct().count();
        int counters = Count.SIZE + FailureKind.values().length + Figure.SIZE + 9; // MIN_NETWORK_RTT starts at Long.MAX_VALUE
        assertThat(SealedWindow.encode(0, 1, Count.empty(), new long[FailureKind.values().length], sorted, sizes).storedBytes())
                .isLessThanOrEqualTo((int) (distinct * 4 + counters));
    }
}
