package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.FailureKind;
import java.util.Random;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

class SealedWindowTest {

    @Test
    void everyBucketAndCounterComesBackExactly() {
        Random random = new Random(7);
        IntervalData original = new IntervalData(123);
        original.endNanos = 10_000_000_123L;
        for (int i = 0; i < 5_000; i++) {
            original.histogram(Figure.RTT).recordValue((long) Math.exp(random.nextDouble() * Math.log(PathStats.HIGHEST_MICROS)));
        }
        original.histogram(Figure.RTT).recordValueWithCount(205_000, 3_000_000_000L);
        original.histogram(Figure.RTT).recordValue(0);
        original.histogram(Figure.STREAM_RTT).recordValue(PathStats.HIGHEST_MICROS);
        original.counts[Count.CYCLES.ordinal()] = 10;
        original.counts[Count.OFFSET_AT_MIN_NS.ordinal()] = -5_000_000;
        original.counts[Count.MIN_NETWORK_RTT_NS.ordinal()] = 199_000_000;
        original.errors[FailureKind.TLS_ERROR.ordinal()] = 3;

        IntervalData restored = SealedWindow.of(original).expanded();

        for (Figure f : Figure.values()) {
            assertThat(restored.recorded(f)).as(f.name()).isEqualTo(original.recorded(f));
        }
        assertThat(restored.counts).containsExactly(original.counts);
        assertThat(restored.errors).containsExactly(original.errors);
        assertThat(restored.startNanos).isEqualTo(123);
        assertThat(restored.endNanos).isEqualTo(10_000_000_123L);
    }

    @Test
    void aTypicalWindowTakesAFewBytesPerBucket() {
        IntervalData window = new IntervalData(0);
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            window.histogram(Figure.STREAM_RTT).recordValue(205_000 + (long) (random.nextGaussian() * 400));
        }
        long buckets = 0;
        for (HistogramIterationValue ignored : window.recorded(Figure.STREAM_RTT).recordedValues()) {
            buckets++;
        }
        int counters = Count.SIZE + FailureKind.values().length + Figure.SIZE + 9; // MIN_NETWORK_RTT starts at Long.MAX_VALUE
        assertThat(SealedWindow.of(window).storedBytes()).isLessThanOrEqualTo((int) (buckets * 4 + counters));
    }
}
