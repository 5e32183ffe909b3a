package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.List;

/**
 * One alert as every sink gets it.
 *
 * @param id         unique to this alert; receivers drop a repeated id (delivery is at least once)
 * @param incident   the same for the raise, the changes, the repeats and the resolve of one problem
 * @param sequence   increases with every alert of this agent, across restarts
 * @param kind       {@code STATE} or {@code HANG}
 * @param action     {@code RAISED}, {@code CHANGED}, {@code REPEATED} or {@code RESOLVED}
 * @param path       the path's name
 * @param agent      the agent that judged it
 * @param from       the state before (STATE alerts only)
 * @param to         the state after (STATE alerts only)
 * @param rules      the rules in effect, each with the observed value and the threshold
 * @param cleared    on a resolve or change: the rules that let go, with their last figures
 * @param time       when it happened
 * @param since      when the incident began (the hang's start for a hang)
 * @param durationMs on a resolve: how long the incident (or the hang) lasted; null if not seen to end
 * @param text       one line for people (a Slack-compatible {@code text})
 */
public record Alert(
        String id,
        String incident,
        long sequence,
        AlertKind kind,
        AlertAction action,
        String path,
        String agent,
        PathState from,
        PathState to,
        List<RuleFiring> rules,
        List<RuleFiring> cleared,
        Instant time,
        Instant since,
        Double durationMs,
        String text) {

    public Alert {
        rules = rules == null ? List.of() : List.copyOf(rules);
        cleared = cleared == null ? List.of() : List.copyOf(cleared);
    }
}
