package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param cause            HANG: where the latest hang's stall was ({@code reverse_loss}, …); null while not known
 * @param causeSentence    HANG: the same in one sentence for people
 * @param causeProvisional HANG: the cause is the view while that hang was still open
 * @param causes           HANG: the settled causes of the incident's hangs, a count per cause
 * @param evidence         HANG: the facts the cause rests on, e.g. "responder unacked=3"
 * @param missing          HANG: what evidence was missing for the cause (empty when none was)
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
        String text,
        String cause,
        String causeSentence,
        boolean causeProvisional,
        Map<String, Integer> causes,
        List<String> evidence,
        String missing) {

    public Alert {
        rules = rules == null ? List.of() : List.copyOf(rules);
        cleared = cleared == null ? List.of() : List.copyOf(cleared);
        // absent from spools and state files written before causes
        causes = causes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(causes));
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** An alert without a cause (every kind but HANG, and a hang before its cause is known). */
    Alert(String id, String incident, long sequence, AlertKind kind, AlertAction action, String path, String agent, PathState from, PathState to,
            List<RuleFiring> rules, List<RuleFiring> cleared, Instant time, Instant since, Double durationMs, Integer hangs, Double longestHangMs,
            Double totalHangMs, String detail, boolean silenced, String text) {
        this(id, incident, sequence, kind, action, path, agent, from, to, rules, cleared, time, since, durationMs, hangs, longestHangMs, totalHangMs,
                detail, silenced, text, null, null, false, Map.of(), List.of(), null);
    }

    /** The same alert with another text and the cause {@code inc} shows now (a batch not yet written takes a cause that came late). */
    Alert withCause(Incident inc, String newText) {
        return new Alert(id, incident, sequence, kind, action, path, agent, from, to, rules, cleared, time, since, durationMs, hangs, longestHangMs,
                totalHangMs, detail, silenced, newText, inc.cause(), inc.causeSentence(), inc.causeProvisional(), inc.causes(), inc.evidence(),
                inc.missing());
    }
}
