package io.pathwatch.health;

/**
 * One learned baseline as the API shows it.
 *
 * @param value   the baseline (median of the horizon), null while learning
 * @param unit    {@code ms}, {@code ratio} or {@code count}
 * @param windows windows learned so far
 * @param held    windows in a row not learned because a rule on this baseline fired in them
 */
public record BaselineView(Double value, String unit, long windows, long held) {
}
