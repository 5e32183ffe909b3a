package io.pathwatch.metrics;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/metrics/cost}: what CloudWatch export creates and costs a month (also when it is off). */
@RestController
class MetricsCostController {

    private final MetricsCost cost;

    MetricsCostController(MetricsCost cost) {
        this.cost = cost;
    }

    @GetMapping("/api/metrics/cost")
    MetricsCost.Estimate cost() {
        return cost.estimate();
    }
}
