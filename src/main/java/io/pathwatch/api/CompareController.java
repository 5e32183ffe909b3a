package io.pathwatch.api;

import io.pathwatch.stats.PathRanking;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/compare?paths=a,b,c&window=15m}, or {@code ?destination=X} for every path whose
 * {@code destination} tag is X: the paths ranked by stability, with how sure the ranking is
 * ({@link PathRanking}, shared with the one-shot CLI's {@code compare}).
 */
@RestController
class CompareController {

    static final String DESTINATION_TAG = "destination";

    private final StatsRegistry stats;

    CompareController(StatsRegistry stats) {
        this.stats = stats;
    }

    @GetMapping("/api/compare")
    PathRanking.Result compare(@RequestParam(required = false) String paths, @RequestParam(required = false) String destination,
            @RequestParam(defaultValue = "15m") String window) {
        QueryWindow w = QueryWindow.parse(window);
        if ((paths == null) == (destination == null)) {
            throw Problems.badParameter("paths or destination", "give either paths=a,b,c or destination=X");
        }
        List<PathStats> chosen = new ArrayList<>();
        if (paths != null) {
            for (String name : Arrays.stream(paths.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList()) {
                chosen.add(stats.get(name).orElseThrow(() -> PathsController.unknownPath(name)));
            }
            if (chosen.isEmpty()) {
                throw Problems.badParameter("paths", "paths must name at least one path");
            }
        } else {
            stats.all().stream().filter(s -> destination.equals(s.path().tags().get(DESTINATION_TAG))).forEach(chosen::add);
            if (chosen.isEmpty()) {
                throw Problems.of(HttpStatus.NOT_FOUND, "Unknown destination", "no path has the tag destination: " + destination);
            }
        }
        return PathRanking.compare(chosen, w.span(), w.label());
    }

}
