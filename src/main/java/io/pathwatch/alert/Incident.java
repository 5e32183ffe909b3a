package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A problem from its raise to its resolve, as {@code GET /api/alerts} lists it.
 *
 * @param id            the incident id its alerts carry
 * @param path          the path; for an AGENT incident the condition
 * @param state         STATE: the path's state as last announced (OK once resolved); null otherwise
 * @param open          not resolved yet
 * @param since         when it began
 * @param updated       its latest alert
 * @param resolved      when it was resolved; null while open
 * @param durationMs    how long it lasted, once resolved
 * @param rules         the rules in effect at its latest alert
 * @param alerts        how many alerts it has raised so far
 * @param lastAlert     the id of its latest alert
 * @param hangs         HANG: hangs so far
 * @param longestHangMs HANG: the longest that ended
 * @param totalHangMs   HANG: their total
 * @param hanging       HANG: a hang is going on now
 * @param lastHangAt    HANG: when the latest hang began or ended; it resolves {@code hang-quiet} after this
 * @param detail        AGENT: the condition's latest detail
 * @param heldBack      no alert of it has reached the sinks yet (a silence held its raise back); its resolve goes to the
 *                      sinks only if this is false
 * @param pagedState    STATE: the state the sinks were last told; a silence can leave it behind {@code state}
 * @param cause            HANG: where the latest hang's stall was ({@code reverse_loss}, …); null until a cause is known
 * @param causeSentence    HANG: the same for people, e.g. "hang 4.0 s: replies not delivered. …"
 * @param causeProvisional HANG: the cause is the view while that hang was still open; a settled one replaces it
 * @param evidence         HANG: the facts the cause rests on, e.g. "responder unacked=3"
 * @param missing          HANG: what evidence was missing for the cause (empty when none was)
 * @param causes           HANG: the settled causes of its hangs, a count per cause
 */
public record Incident(
        String id,
        AlertKind kind,
        String path,
        String agent,
        PathState state,
        boolean open,
        Instant since,
        Instant updated,
        Instant resolved,
        Double durationMs,
        List<RuleFiring> rules,
        int alerts,
        String lastAlert,
        int hangs,
        Double longestHangMs,
        Double totalHangMs,
        boolean hanging,
        Instant lastHangAt,
        String detail,
        boolean heldBack,
        PathState pagedState,
        String cause,
        String causeSentence,
        boolean causeProvisional,
        List<String> evidence,
        String missing,
        Map<String, Integer> causes) {

    public Incident {
        rules = rules == null ? List.of() : List.copyOf(rules);
        // absent from state files written before causes: no cause known
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        causes = causes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(causes));
    }

    /** An incident without a cause (every kind but HANG, and a hang before its cause is known). */
    Incident(String id, AlertKind kind, String path, String agent, PathState state, boolean open, Instant since, Instant updated,
            Instant resolved, Double durationMs, List<RuleFiring> rules, int alerts, String lastAlert, int hangs, Double longestHangMs,
            Double totalHangMs, boolean hanging, Instant lastHangAt, String detail, boolean heldBack, PathState pagedState) {
        this(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, hangs, longestHangMs, totalHangMs,
                hanging, lastHangAt, detail, heldBack, pagedState, null, null, false, List.of(), null, Map.of());
    }

    /** Whether an alert of it reached the sinks (a field of older state files is missing as false: those were all paged). */
    boolean paged() {
        return !heldBack;
    }

    static Incident opened(String id, AlertKind kind, String path, String agent, PathState state, Instant since) {
        return new Incident(id, kind, path, agent, state, true, since, since, null, null, List.of(), 0, null, 0, null, null, false, null, null, true, null);
    }

    Incident withState(PathState s, List<RuleFiring> r) {
        return new Incident(id, kind, path, agent, s, open, since, updated, resolved, durationMs, r, alerts, lastAlert, hangs, longestHangMs,
                totalHangMs, hanging, lastHangAt, detail, heldBack, pagedState, cause, causeSentence, causeProvisional, evidence, missing, causes);
    }

    Incident withHangs(int count, Double longest, Double total, boolean now, Instant at) {
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, count, longest,
                total, now, at, detail, heldBack, pagedState, cause, causeSentence, causeProvisional, evidence, missing, causes);
    }

    Incident withDetail(String d) {
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, d, heldBack, pagedState, cause, causeSentence, causeProvisional, evidence, missing, causes);
    }

    /** After an alert of it: counted, stamped, and paged if this one went to the sinks. */
    Incident alerted(Instant at, String alertId, boolean toSinks) {
        return new Incident(id, kind, path, agent, state, open, since, at, resolved, durationMs, rules, alerts + 1, alertId, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, detail, heldBack && !toSinks, toSinks ? state : pagedState, cause, causeSentence,
                causeProvisional, evidence, missing, causes);
    }

    Incident closed(Instant at, Double ms) {
        return new Incident(id, kind, path, agent, state, false, since, updated, at, ms, rules, alerts, lastAlert, hangs, longestHangMs,
                totalHangMs, false, lastHangAt, detail, heldBack, pagedState, cause, causeSentence, causeProvisional, evidence, missing, causes);
    }

    /** The cause it shows from now on. */
    Incident withCause(String key, String sentence, boolean provisional, List<String> facts, String lacking) {
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, detail, heldBack, pagedState, key, sentence, provisional, facts, lacking, causes);
    }

    /** {@code settled} counted in with the causes of its hangs so far. */
    Incident withCausesCounted(Map<String, Integer> settled) {
        Map<String, Integer> sum = new TreeMap<>(causes);
        settled.forEach((k, n) -> sum.merge(k, n, Integer::sum));
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, detail, heldBack, pagedState, cause, causeSentence, causeProvisional, evidence,
                missing, sum);
    }
}
