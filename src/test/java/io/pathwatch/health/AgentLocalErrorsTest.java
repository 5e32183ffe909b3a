package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** A cycle failing with a local error shows in the agent's health, not in the path's figures. */
class AgentLocalErrorsTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);

    private final StatsRegistry stats = new StatsRegistry(List.of(PATH));
    private final AgentLocalErrors local = new AgentLocalErrors(stats);
    private final AgentHealthIndicator indicator = new AgentHealthIndicator(stats, () -> Duration.ofMillis(50), local);

    @Test
    void noLocalErrorLeavesTheAgentAloneAndSaysSo() {
        assertThat(local.now().active()).isFalse();
        assertThat(local.lastDetail()).isNull();
        Health h = indicator.health();
        assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(h.getDetails().get("localErrors")).isEqualTo(Map.of("lastMinute", 0L, "lastMinuteByCause", Map.of(), "total", 0L));
    }

    @Test
    void aLocalErrorDegradesTheAgentWithItsErrnoAndDetailAndNotThePath() {
        ProbeListener p = stats.forPath(PATH);
        String detail = "AnnotatedConnectException: connect(..) failed with error(-99): Cannot assign requested address";
        p.cycleCompleted(new CycleOutcome(1000, 20_000, -1, -1, List.of(), 3, 0, 0, FailureKind.LOCAL_ERROR, Phase.CONNECT, detail));
        p.cycleCompleted(new CycleOutcome(1000, 20_000, -1, -1, List.of(), 3, 0, 0, FailureKind.LOCAL_ERROR, Phase.CONNECT, detail));
        stats.harvestAll();

        LocalErrorState s = local.now();
        assertThat(s.active()).isTrue();
        assertThat(local.lastMinute()).isEqualTo(2);
        assertThat(s.lastMinuteByCause()).isEqualTo(Map.of("EADDRNOTAVAIL", 2L));
        assertThat(s.lastPath()).isEqualTo("p");
        assertThat(local.lastDetail()).isEqualTo(detail);

        Health h = indicator.health();
        assertThat(h.getStatus()).isEqualTo(PathHealthIndicator.DEGRADED);
        assertThat(h.getDetails()).containsEntry("localErrorHint", AgentHealthIndicator.LOCAL_HINT);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) h.getDetails().get("localErrors");
        assertThat(details).containsEntry("lastMinute", 2L).containsEntry("lastDetail", detail).containsEntry("lastPath", "p");

        var w = stats.get("p").orElseThrow().snapshot(Duration.ofMinutes(1));
        assertThat(w.localErrors()).isEqualTo(2);
        assertThat(w.cycles()).isZero();
        assertThat(w.cyclesFailed()).isZero();
        assertThat(w.errors()).doesNotContainKey("local_error").allSatisfy((k, n) -> assertThat(n).as(k).isZero());
        assertThat(w.dns().count()).as("half a cycle is no cycle").isZero();
        assertThat(w.scheduleLag().count()).as("its lag is the agent's own, and kept").isEqualTo(2);
    }
}
