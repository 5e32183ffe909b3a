package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cost estimate against the price list worked by hand (README's table). */
class MetricsCostTest {

    @ParameterizedTest(name = "{0} paths, step {1}s")
    @CsvSource({
            // paths, step s, metrics, requests/month, $ total, $ at most (every error kind, untrusted windows), $ per path
            "1,    60, 11,    43200,   3.73,   6.73, 3.00",
            "4,    60, 41,    43200,  12.73,  24.73, 3.00",
            "10,   60, 101,   43200,  30.73,  60.73, 3.00",
            "100,  60, 1001, 129600, 301.60, 601.60, 3.00",
            "4,    10, 41,   259200,  14.89,  26.89, 3.00",
    })
    void estimatesWhatTheTableSays(int paths, long step, int metrics, long requests, double total, double max, double perPath) {
        CloudWatchProperties props = new CloudWatchProperties(true, "Pathwatch", "", Duration.ofSeconds(step), false, "");
        MetricsCost.Estimate e = new MetricsCost(props, paths).estimate();
        assertThat(e.metrics()).isEqualTo(metrics);
        assertThat(e.requestsPerMonth()).isEqualTo(requests);
        assertThat(e.totalUsdPerMonth()).isEqualTo(total);
        assertThat(e.totalUsdPerMonthMax()).isEqualTo(max);
        assertThat(e.perPathUsdPerMonth()).isEqualTo(perPath);
    }

    @ParameterizedTest(name = "{0} metrics")
    @CsvSource({"10000, 3000.00", "10001, 3000.10", "250000, 27000.00", "1000001, 64500.02"})
    void metricsArePricedInTiers(int metrics, double usd) {
        assertThat(Math.round(MetricsCost.metricsUsd(metrics) * 100) / 100.0).isEqualTo(usd);
    }
}
