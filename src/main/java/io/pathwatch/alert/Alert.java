package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.List;

/**
 * One alert as every sink gets it.
 *
 * @param id            unique to this alert; receivers drop a repeated id (delivery is exactly once while the agent runs,
 *                      at least once across a crash)
 * @param incident      the same for the raise, the changes, the repeats and the resolve of one problem
 * @param sequence      increases with every alert of this agent, across restarts
 * @param kind          {@code STATE}, {@code HANG}, {@code AGENT} or {@code TEST}
 * @param action        {@code RAISED}, {@code CHANGED}, {@code REPEATED} or {@code RESOLVED}
 * @param path          the path's name; for an AGENT alert the condition ({@code overloaded}, {@code local_error},
 *                      {@code cloudwatch}, {@code spool})
 * @param agent         the agent that judged it
 * @param from          the state before (STATE alerts only)
 * @param to            the state after (STATE alerts only)
 * @param rules         the rules in effect, each with the observed value and the threshold
 * @param cleared       on a resolve or change: the rules that let go, with their last figures
 * @param time          when it happened
 * @param since         when the incident began (the first hang's start for a hang)
 * @param durationMs    on a resolve: how long the incident lasted; null if not known
 * @param hangs         HANG: hangs in the incident so far
 * @param longestHangMs HANG: the longest that ended so far
 * @param totalHangMs   HANG: their total
 * @param detail        AGENT: what the condition is, in one line
 * @param silenced      a silence held it back from the sinks (it was only logged)
 * @param text          one line for people (a Slack-compatible {@code text})
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
        Integer hangs,
        Double longestHangMs,
        Double totalHangMs,
        String detail,
        boolean silenced,
        String text) {

    public Alert {
        rules = rules == null ? List.of() : List.copyOf(rules);
        cleared = cleared == null ? List.of() : List.copyOf(cleared);
    }
}
