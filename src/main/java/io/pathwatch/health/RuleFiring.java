package io.pathwatch.health;

/**
 * A rule's verdict on one window, as alerts and the API show it.
 *
 * @param rule      the rule's name
 * @param figure    the figure it watches
 * @param condition its {@code when}, as configured
 * @param observed  the figure in the window
 * @param threshold the threshold in the window (baseline applied)
 * @param baseline  the baseline the threshold followed; null for an absolute threshold
 * @param unit      {@code ms}, {@code ratio} or {@code count}
 * @param state     the state the rule leads to
 * @param text      the whole verdict in words
 */
public record RuleFiring(String rule, String figure, String condition, double observed, double threshold, Double baseline,
        String unit, PathState state, String text) {
}
