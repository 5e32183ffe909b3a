package io.pathwatch.api;

import io.pathwatch.health.BaselineView;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/paths} and {@code GET /api/paths/{name}}, each with {@code ?window=1m|5m|15m|1h}. */
@RestController
@RequestMapping("/api/paths")
class PathsController {

    private final StatsRegistry stats;
    private final PathHealthTracker health;

    PathsController(StatsRegistry stats, PathHealthTracker health) {
        this.stats = stats;
        this.health = health;
    }

    @GetMapping
    List<PathView> all(@RequestParam(defaultValue = "1m") String window) {
        QueryWindow w = QueryWindow.parse(window);
        return stats.all().stream().map(s -> view(s, w, null)).toList();
    }

    @GetMapping("/{name}")
    PathView one(@PathVariable String name, @RequestParam(defaultValue = "1m") String window) {
        QueryWindow w = QueryWindow.parse(window);
        return stats.get(name).map(s -> view(s, w, health.baselines(name))).orElseThrow(() -> unknownPath(name));
    }

    private PathView view(PathStats s, QueryWindow w, Map<String, BaselineView> baseline) {
        return PathView.of(s, health.health(s.path().name()), s.snapshot(w.span()), baseline);
    }

    static ErrorResponseException unknownPath(String name) {
        return Problems.of(HttpStatus.NOT_FOUND, "Unknown path", "no path named '" + name + "' is configured");
    }
}
