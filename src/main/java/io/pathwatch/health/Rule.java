package io.pathwatch.health;

import java.util.Objects;

/**
 * One health rule: when {@code figure} compares with {@code threshold} in {@code forWindows} of
 * the last {@code within} windows judged (in a row when they are equal), the path is at least
 * {@code state}, until the rule has been clear for {@code clearFor} windows in a row.
 *
 * @param condition the rule's {@code when} as configured, for people to read
 */
public record Rule(String name, RuleFigure figure, Comparison comparison, Threshold threshold, PathState state,
        int forWindows, int within, int clearFor, String condition) {

    public Rule {
        Objects.requireNonNull(name);
        Objects.requireNonNull(figure);
        Objects.requireNonNull(comparison);
        Objects.requireNonNull(threshold);
        if (state != PathState.DEGRADED && state != PathState.DOWN) {
            throw new IllegalArgumentException("a rule leads to DEGRADED or DOWN, not " + state);
        }
        if (forWindows < 1 || clearFor < 1 || within < forWindows) {
            throw new IllegalArgumentException("for and clear-for are at least 1, within at least for");
        }
        condition = condition == null ? comparison.symbol() + " " + threshold : condition.trim();
    }
}
