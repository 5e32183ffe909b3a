package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.List;

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
        PathState pagedState) {

    public Incident {
        rules = rules == null ? List.of() : List.copyOf(rules);
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
                totalHangMs, hanging, lastHangAt, detail, heldBack, pagedState);
    }

    Incident withHangs(int count, Double longest, Double total, boolean now, Instant at) {
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, count, longest,
                total, now, at, detail, heldBack, pagedState);
    }

    Incident withDetail(String d) {
        return new Incident(id, kind, path, agent, state, open, since, updated, resolved, durationMs, rules, alerts, lastAlert, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, d, heldBack, pagedState);
    }

    /** After an alert of it: counted, stamped, and paged if this one went to the sinks. */
    Incident alerted(Instant at, String alertId, boolean toSinks) {
        return new Incident(id, kind, path, agent, state, open, since, at, resolved, durationMs, rules, alerts + 1, alertId, hangs,
                longestHangMs, totalHangMs, hanging, lastHangAt, detail, heldBack && !toSinks, toSinks ? state : pagedState);
    }

    Incident closed(Instant at, Double ms) {
        return new Incident(id, kind, path, agent, state, false, since, updated, at, ms, rules, alerts, lastAlert, hangs, longestHangMs,
                totalHangMs, false, lastHangAt, detail, heldBack, pagedState);
    }
}
