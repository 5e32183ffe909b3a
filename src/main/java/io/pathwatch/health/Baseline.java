package io.pathwatch.health;

import java.util.Arrays;

/**
 * A figure's normal on one path: the median of per-bucket medians over the horizon (288 buckets,
 * 5 minutes each for 24 h), so a few bad hours move it little. Until the first bucket closes, the
 * current bucket's median stands in as soon as {@code minWindows} values are in: a fresh path has
 * a baseline within a minute. Memory is fixed: 288 floats plus one bucket of window values.
 */
final class Baseline {

    static final int BUCKETS = 288;

    private final long bucketMillis;
    private final int minWindows;
    private final float[] medians = new float[BUCKETS];
    private int count;
    private int next;
    private float[] current = new float[16];
    private int currentSize;
    private long bucketStart = Long.MIN_VALUE;
    private long learned;
    private Double cached;
    private boolean dirty = true;

    Baseline(long horizonMillis, int minWindows) {
        this.bucketMillis = Math.max(1, horizonMillis / BUCKETS);
        this.minWindows = minWindows;
    }

    void learn(double value, long nowMillis) {
        if (bucketStart == Long.MIN_VALUE) {
            bucketStart = nowMillis;
        }
        if (nowMillis - bucketStart >= bucketMillis) {
            closeBucket();
            bucketStart = nowMillis;
        }
        if (currentSize == current.length) {
            current = Arrays.copyOf(current, currentSize * 2);
        }
        current[currentSize++] = (float) value;
        learned++;
        dirty = true;
    }

    /** Forgets everything: the figure is learned afresh from the next value. */
    void reset() {
        count = 0;
        next = 0;
        currentSize = 0;
        learned = 0;
        bucketStart = Long.MIN_VALUE;
        current = new float[16];
        dirty = true;
    }

    /** The baseline, or null while fewer than {@code minWindows} values are learned. */
    Double value() {
        if (learned < minWindows) {
            return null;
        }
        if (dirty) {
            float[] all = Arrays.copyOf(medians, count + (currentSize > 0 ? 1 : 0));
            if (currentSize > 0) {
                all[count] = median(Arrays.copyOf(current, currentSize));
            }
            cached = (double) median(all);
            dirty = false;
        }
        return cached;
    }

    long learned() {
        return learned;
    }

    long bucketMillis() {
        return bucketMillis;
    }

    /** What a restart must not forget. */
    record State(float[] medians, float[] current, long bucketStart, long learned) {
    }

    State state() {
        float[] ordered = new float[count];
        for (int i = 0; i < count; i++) {
            ordered[i] = medians[(next - count + i + BUCKETS) % BUCKETS];
        }
        return new State(ordered, Arrays.copyOf(current, currentSize), bucketStart, learned);
    }

    void restore(State s) {
        reset();
        int n = Math.min(s.medians().length, BUCKETS);
        System.arraycopy(s.medians(), s.medians().length - n, medians, 0, n);
        count = n;
        next = n % BUCKETS;
        current = Arrays.copyOf(s.current(), Math.max(16, s.current().length));
        currentSize = s.current().length;
        bucketStart = s.bucketStart();
        learned = s.learned();
        dirty = true;
    }

    private void closeBucket() {
        if (currentSize == 0) {
            return;
        }
        medians[next] = median(Arrays.copyOf(current, currentSize));
        next = (next + 1) % BUCKETS;
        count = Math.min(count + 1, BUCKETS);
        currentSize = 0;
    }

    private static float median(float[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
