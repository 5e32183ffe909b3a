package io.pathwatch.api;

import io.pathwatch.alert.AlertManager;
import io.pathwatch.alert.Incident;
import io.pathwatch.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/alerts?state=open|all&path=}: incidents, open ones first (latest first), then
 * the last 1000 resolved; {@code GET /api/alerts/sinks}: each delivery queue's backlog;
 * {@code POST /api/alerts/test}: a test alert through every sink, answered per sink.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsController {

    private final AlertManager alerts;
    private final StatsRegistry paths;

    AlertsController(AlertManager alerts, StatsRegistry paths) {
        this.alerts = alerts;
        this.paths = paths;
    }

    @GetMapping
    List<Incident> incidents(@RequestParam(defaultValue = "open") String state, @RequestParam(required = false) String path) {
        if (!state.equals("open") && !state.equals("all")) {
            throw Problems.badParameter("state", "state must be open or all; got '" + state + "'");
        }
        List<Incident> all = alerts.incidents();
        // a path a reload removed is unknown now, yet its incidents (resolved "path removed") are still worth reading
        if (path != null && paths.get(path).isEmpty() && all.stream().noneMatch(i -> i.path() != null && i.path().equals(path))) {
            throw PathsController.unknownPath(path);
        }
        return all.stream()
                .filter(i -> state.equals("all") || i.open())
                .filter(i -> path == null || path.equals(i.path()))
                .toList();
    }

    @GetMapping("/sinks")
    Map<String, Map<String, Object>> sinks() {
        return alerts.sinks();
    }

    /** What the test did: one entry per sink, and whether every sink took it. */
    record TestAnswer(boolean delivered, List<AlertManager.TestResult> sinks) {
    }

    @PostMapping("/test")
    ResponseEntity<TestAnswer> test() {
        List<AlertManager.TestResult> results = alerts.sendTest();
        if (results == null) {
            throw Problems.of(HttpStatus.TOO_MANY_REQUESTS, "A test alert was sent just now",
                    "One test alert at a time and one per 10 seconds at most (each one pages people); try again shortly.");
        }
        boolean all = results.stream().allMatch(AlertManager.TestResult::delivered);
        // 502 when a sink refused or could not be reached: the test itself worked, a sink did not
        return ResponseEntity.status(all ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(new TestAnswer(all, results));
    }
}
