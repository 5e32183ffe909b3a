package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.time.Instant;
import java.util.List;

/**
 * A problem from its raise to its resolve, as {@code GET /api/alerts} lists it.
 *
 * @param id         the incident id its alerts carry
 * @param state      STATE: the path's state as last announced (OK once resolved); null for a hang
 * @param open       not resolved yet
 * @param since      when it began
 * @param updated    its latest alert
 * @param resolved   when it was resolved; null while open
 * @param durationMs how long it lasted (so far, while open); null for a hang whose end was not seen
 * @param rules      the rules in effect at its latest alert
 * @param alerts     how many alerts it has raised so far
 * @param lastAlert  the id of its latest alert
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
        String lastAlert) {

    public Incident {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
