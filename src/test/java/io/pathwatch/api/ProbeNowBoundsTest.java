package io.pathwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Probe-now is bounded: one cycle in flight per path and 16 in all, refused with 429 beyond that
 * and freed when a cycle ends. The cycles here are futures the test completes by hand, so "in
 * flight" lasts exactly as long as the test says (the HTTP side is in LabApiEndpointsTest).
 */
class ProbeNowBoundsTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final Map<String, List<CompletableFuture<CycleOutcome>>> pending = new HashMap<>();
    private final ProbeNowController controller;

    ProbeNowBoundsTest() {
        List<PathSpec> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add(new PathSpec("p" + i, "127.0.0.1", 7100, null, Map.of(), SETTINGS));
        }
        controller = new ProbeNowController(name -> {
            CompletableFuture<CycleOutcome> f = new CompletableFuture<>();
            pending.computeIfAbsent(name, n -> new ArrayList<>()).add(f);
            return f;
        }, new StatsRegistry(paths));
    }

    private static CycleOutcome ok() {
        return new CycleOutcome(0, -1, 1000, -1, List.of(), 5, 0, 0, null, null, null);
    }

    private static void assertTooMany(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
    }

    @Test
    void onePerPathAndSixteenInAllUntilTheyEnd() {
        CompletableFuture<?> first = controller.probe("p0");
        assertTooMany(() -> controller.probe("p0"));
        for (int i = 1; i < 16; i++) {
            controller.probe("p" + i);
        }
        assertTooMany(() -> controller.probe("p16"));

        pending.get("p0").get(0).complete(ok());
        assertThat(first).isCompleted();
        assertThat(controller.probe("p0")).as("p0's slot is free again").isNotNull();
        assertTooMany(() -> controller.probe("p17"));

        pending.get("p1").get(0).completeExceptionally(new IllegalStateException("a cycle that could not start"));
        assertThat(controller.probe("p17")).as("a failed cycle frees its slot too").isNotNull();
        assertThat(pending.get("p0")).hasSize(2);
    }
}
