package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Intervals from whole windows: honest about autocorrelated samples. */
class BootstrapTest {

    /** 30 windows of 50 samples; each window's level wanders (a slow minute is slow throughout). */
    private static List<Samples> wanderingWindows(long seed) {
        Random r = new Random(seed);
        List<Samples> windows = new ArrayList<>();
        for (int w = 0; w < 30; w++) {
            double level = 200_000 + r.nextGaussian() * 3_000;
            long[] v = new long[50];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.round(level + r.nextGaussian() * 300);
            }
            windows.add(Samples.ofMicros(v));
        }
        return windows;
    }

    @Test
    void resamplingWholeWindowsGivesWiderIntervalsThanPretendingSamplesAreIndependent() {
        List<Samples> windows = wanderingWindows(1);
        Bootstrap.Interval blocks = Bootstrap.of(windows, 50, 7);
        // the same samples, each its own block: the i.i.d. bootstrap
        List<Samples> single = new ArrayList<>();
        for (Samples w : windows) {
            w.forEach((value, count) -> {
                for (long i = 0; i < count; i++) {
                    single.add(Samples.ofMicros(value));
                }
            });
        }
        Bootstrap.Interval iid = Bootstrap.of(single, 50, 7);
        System.out.printf("p50 %.3f ms: block interval %.3f..%.3f, i.i.d. interval %.3f..%.3f%n", blocks.value(), blocks.low(), blocks.high(),
                iid.low(), iid.high());
        assertThat(blocks.value()).isEqualTo(iid.value());
        assertThat(blocks.high() - blocks.low()).isGreaterThan(3 * (iid.high() - iid.low()));
        assertThat(blocks.low()).isLessThanOrEqualTo(blocks.value());
        assertThat(blocks.high()).isGreaterThanOrEqualTo(blocks.value());
    }

    @Test
    void theSameDataAlwaysGivesTheSameIntervalAndFewWindowsClaimNothing() {
        assertThat(Bootstrap.of(wanderingWindows(2), 99, 3)).isEqualTo(Bootstrap.of(wanderingWindows(2), 99, 3));
        List<Samples> two = wanderingWindows(4).subList(0, 2);
        Samples all = two.get(0).plus(two.get(1));
        assertThat(Bootstrap.of(two, 50, 1)).isEqualTo(new Bootstrap.Interval(all.valueAtPercentile(50) / 1000.0, all.min() / 1000.0,
                all.max() / 1000.0));
        assertThat(Bootstrap.of(List.of(Samples.EMPTY), 50, 1)).isNull();
    }
}
