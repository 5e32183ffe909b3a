package io.pathwatch.stats;

/**
 * One-way delay estimates from the echo timestamps: mean {@code T2 − T1} (forward) and
 * {@code T4 − T3} (reverse) on the two ends' wall clocks. {@code clockErrorMs} is the size of the
 * clock offset that the window's fastest exchange implies (NTP's θ from the minimum-RTT sample):
 * near zero when the clocks agree and the fastest path is symmetric; the absolute one-way figures
 * are off by about that much, while shifts between windows still tell which direction changed.
 */
public record OneWay(double forwardMs, double reverseMs, double clockErrorMs) {
}
