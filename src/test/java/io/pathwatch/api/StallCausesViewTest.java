package io.pathwatch.api;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.health.PathHealth;
import io.pathwatch.health.PathState;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.path.StallEvidence;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code window.hangs.causes}, {@code window.hangs.last}, {@code window.cycleCauses} and
 * {@code window.kernelRttMs} as JSON, from reports fed to a path's statistics (this thread is the
 * path's only writer; no harvest thread runs).
 */
class StallCausesViewTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StatsRegistry registry = new StatsRegistry(List.of(PATH));
    private final PathStats stats = registry.get("p").orElseThrow();
    private final ProbeListener probe = registry.forPath(PATH);

    @SuppressWarnings("unchecked")
    private Map<String, Object> window() {
        registry.harvestAll();
        PathView view = PathView.of(stats, new PathHealth(PathState.OK, Instant.EPOCH, List.of()), stats.snapshot(Duration.ofMinutes(1)), null);
        return map(JSON.readValue(JSON.writeValueAsString(view), Map.class).get("window"));
    }

    @Test
    void aPathThatNeverHungHasNoLastHangAndNoCauses() {
        Map<String, Object> w = window();
        assertThat(w).containsKeys("kernelRttMs", "cycleCauses");
        assertThat(map(w.get("hangs"))).containsOnlyKeys("count", "longestMs", "totalMs", "open", "causes", "last")
                .containsEntry("last", null).containsEntry("causes", Map.of());
        assertThat(w.get("cycleCauses")).isEqualTo(Map.of());
        assertThat(map(w.get("kernelRttMs"))).containsEntry("count", 0).containsEntry("p50", null);
    }

    @Test
    void theLastHangCarriesItsCauseSentenceAndEvidenceAndOnlySettledCausesAreCounted() {
        long start = System.nanoTime() - 4_000_000_000L;
        long startEpoch = 1_764_057_600_000_000_000L;
        probe.hangStarted(start, startEpoch);
        Map<String, Object> pending = map(map(window().get("hangs")).get("last"));
        assertThat(pending).containsEntry("start", "2025-11-25T08:00:00Z").containsEntry("open", true).containsEntry("cause", null)
                .containsEntry("settled", false).containsEntry("sentence", null).containsEntry("evidence", List.of());
        assertThat(((Number) pending.get("durationMs")).doubleValue()).as("so far").isGreaterThanOrEqualTo(4_000.0);

        List<StallEvidence> evidence = List.of(new StallEvidence(StallEvidence.RESPONDER, "retransmits", 3, "count"),
                new StallEvidence(StallEvidence.RESPONDER, "last_data_recv", 120, "ms"));
        String sentence = "hang 4.0 s: replies not delivered. The responder retransmitted 3 times; our requests were acknowledged.";
        probe.stallAttributed(new StallAttribution(StallAttribution.Subject.HANG, start, startEpoch, 3_000_000_000L, true,
                StallCause.REVERSE_LOSS, sentence, evidence, ""));
        Map<String, Object> provisional = window();
        assertThat(map(map(provisional.get("hangs")).get("last"))).containsEntry("cause", "reverse_loss").containsEntry("settled", false);
        assertThat(map(provisional.get("hangs")).get("causes")).isEqualTo(Map.of());

        probe.hangEnded(start, start + 4_000_000_000L);
        probe.stallAttributed(new StallAttribution(StallAttribution.Subject.HANG, start, startEpoch, 4_000_000_000L, false,
                StallCause.REVERSE_LOSS, sentence, evidence, ""));
        probe.stallAttributed(new StallAttribution(StallAttribution.Subject.CYCLE, start, startEpoch, 3_000_000_000L, false,
                StallCause.UNKNOWN, "cycle timed out: cause unknown", List.of(), "the responder could not be reached for PEER_INFO"));
        probe.kernelRtt(204_000_000L);
        probe.kernelRtt(206_000_000L);
        Map<String, Object> w = window();
        Map<String, Object> expectedLast = new LinkedHashMap<>();
        expectedLast.put("start", "2025-11-25T08:00:00Z");
        expectedLast.put("durationMs", 4000.0);
        expectedLast.put("open", false);
        expectedLast.put("cause", "reverse_loss");
        expectedLast.put("settled", true);
        expectedLast.put("sentence", sentence);
        expectedLast.put("evidence", List.of(Map.of("end", "responder", "field", "retransmits", "value", 3, "unit", "count"),
                Map.of("end", "responder", "field", "last_data_recv", "value", 120, "unit", "ms")));
        expectedLast.put("missing", "");
        assertThat(map(map(w.get("hangs")).get("last"))).isEqualTo(expectedLast);
        assertThat(map(w.get("hangs")).get("causes")).isEqualTo(Map.of("reverse_loss", 1));
        assertThat(w.get("cycleCauses")).isEqualTo(Map.of("unknown", 1));
        assertThat(map(w.get("kernelRttMs"))).containsEntry("count", 2).containsKeys("p50", "p99", "max");
        assertThat(((Number) map(w.get("kernelRttMs")).get("max")).doubleValue()).isBetween(205.9, 206.3);
    }

    @Test
    void aHistoryPointIsLabelledWithItsMostFrequentSettledCause() {
        assertThat(HistoryController.dominant(Map.of())).isNull();
        Map<String, Long> tie = new LinkedHashMap<>();
        tie.put("forward_loss", 1L);
        tie.put("reverse_loss", 2L);
        tie.put("far_end_stall", 2L);
        assertThat(HistoryController.dominant(tie)).isEqualTo("reverse_loss");
    }
}
