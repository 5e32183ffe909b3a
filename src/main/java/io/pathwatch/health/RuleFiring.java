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
 * @param text      the whole verdict in figure keys and symbols ("hangs: hangs 0, not >= 1, clear 3 of 12 windows")
 * @param sentence  the same for people: what happened in the rule's recent windows and what clears it
 *                  ("2 hangs (4.0 s, 4.0 s) in the last 2 min; clears after 12 windows without a hang (3 so far)")
 */
public record RuleFiring(String rule, String figure, String condition, double observed, double threshold, Double baseline,
        String unit, PathState state, String text, String sentence) {

    /** Without a sentence of its own: the text stands for it. */
    public RuleFiring(String rule, String figure, String condition, double observed, double threshold, Double baseline,
            String unit, PathState state, String text) {
        this(rule, figure, condition, observed, threshold, baseline, unit, state, text, text);
    }
}
