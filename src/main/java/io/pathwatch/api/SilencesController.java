package io.pathwatch.api;

import io.pathwatch.alert.AlertManager;
import io.pathwatch.alert.Silence;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/silences}: maintenance windows set while pathwatch runs. A silenced path is still
 * judged and its incidents still open and resolve; its alerts go only to the log until the
 * silence ends, and an incident still open then is paged at that moment.
 */
@RestController
@RequestMapping("/api/silences")
class SilencesController {

    /** Longest silence the API sets: a forgotten one must not mute a path for good. */
    static final Duration LONGEST = Duration.ofDays(30);
    /** Silences kept at once: the state file holds them all. */
    static final int MOST = 1000;

    private final AlertManager alerts;
    private final StatsRegistry paths;

    SilencesController(AlertManager alerts, StatsRegistry paths) {
        this.alerts = alerts;
        this.paths = paths;
    }

    /**
     * @param path   a path's name, or {@code *} for every path
     * @param start  when it begins; default now
     * @param end    when it ends (required)
     * @param reason for people
     */
    record NewSilence(String path, Instant start, Instant end, String reason) {
    }

    /** A silence and whether it holds now. */
    record SilenceView(Silence silence, boolean active) {
    }

    @GetMapping
    List<SilenceView> list() {
        Instant now = Instant.now();
        return alerts.silences().stream().map(s -> new SilenceView(s, s.activeAt(now))).toList();
    }

    @PostMapping
    ResponseEntity<SilenceView> add(@RequestBody NewSilence body) {
        if (body.path() == null || body.path().isBlank()) {
            throw Problems.badParameter("path", "path must name a path, or be * for every path");
        }
        if (!body.path().equals(Silence.ALL_PATHS) && paths.get(body.path()).isEmpty()) {
            throw PathsController.unknownPath(body.path());
        }
        Instant now = Instant.now();
        Instant start = body.start() != null ? body.start() : now;
        if (body.end() == null || !body.end().isAfter(start) || !body.end().isAfter(now)) {
            throw Problems.badParameter("end", "end must be an ISO-8601 instant (2026-12-06T04:00:00Z) after start and in the future");
        }
        if (Duration.between(start, body.end()).compareTo(LONGEST) > 0) {
            throw Problems.badParameter("end", "a silence lasts at most " + LONGEST.toDays() + " days; for a recurring window use "
                    + "pathwatch.paths[i].silence with repeat");
        }
        String reason = body.reason() == null ? "" : body.reason();
        if (reason.length() > 500) {
            throw Problems.badParameter("reason", "reason is at most 500 characters");
        }
        if (alerts.silences().size() >= MOST) {
            throw Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many silences",
                    MOST + " silences are set; remove some (DELETE /api/silences/{id}) before adding more.");
        }
        Silence s = alerts.addSilence(body.path(), start, body.end(), reason);
        return ResponseEntity.status(HttpStatus.CREATED).body(new SilenceView(s, s.activeAt(now)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable String id) {
        if (!alerts.removeSilence(id)) {
            throw Problems.of(HttpStatus.NOT_FOUND, "No such silence",
                    "No silence set through the API has the id " + id + " (silences from the configuration end with the configuration).");
        }
        return ResponseEntity.noContent().build();
    }
}
