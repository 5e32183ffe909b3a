package io.pathwatch.lab;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/lab/paths}: see and change the lab's impairments while it runs, as with toxiproxy.
 * Exists only when the lab runs (the demo).
 */
@RestController
@Conditional(LabCondition.class)
@RequestMapping("/api/lab/paths")
class LabController {

    private final LabProxy lab;

    LabController(LabProxy lab) {
        this.lab = lab;
    }

    record LabPathView(String name, String listen, String target, Impairment upstream, Impairment downstream,
                       long connections, long resets) {

        static LabPathView of(LabPath p) {
            return new LabPathView(p.name(), "127.0.0.1:" + p.port(), p.target().getHostString() + ":" + p.target().getPort(),
                    p.settings().upstream(), p.settings().downstream(), p.connections(), p.resets());
        }
    }

    @GetMapping
    List<LabPathView> all() {
        return lab.all().stream().map(LabPathView::of).toList();
    }

    @GetMapping("/{name}")
    LabPathView one(@PathVariable String name) {
        return LabPathView.of(path(name));
    }

    /** Replaces both directions' impairments; they apply to the next byte forwarded. */
    @PutMapping("/{name}")
    LabPathView update(@PathVariable String name, @Valid @RequestBody LabPathSettings settings) {
        LabPath p = path(name);
        p.update(settings);
        return LabPathView.of(p);
    }

    /** Stalls both directions from now for {@code ms} milliseconds. */
    @PostMapping("/{name}/stall")
    LabPathView stall(@PathVariable String name, @RequestParam @DecimalMin("1") @DecimalMax("600000") double ms) {
        LabPath p = path(name);
        p.stallNow(ms);
        return LabPathView.of(p);
    }

    private LabPath path(String name) {
        return lab.get(name).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no lab path named '" + name + "'");
            problem.setTitle("Unknown lab path");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }
}
