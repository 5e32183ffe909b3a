package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.health.PathState;
import io.pathwatch.health.RuleFiring;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** What alerting remembers across a restart comes back as it was saved. */
class AlertStoreTest {

    @TempDir
    Path dir;

    @Test
    void announcedStatesOpenIncidentsWithTheirCausesAndTheSequenceSurviveASaveAndALoad() {
        RuleFiring hangs = new RuleFiring("hangs", "hangs", ">= 1", 1.0, 1.0, null, "count", PathState.DEGRADED, "hangs: hangs 1 >= 1");
        Incident open = new Incident("i-1", AlertKind.STATE, "stunnel-internet", "vm", PathState.DEGRADED, true,
                Instant.parse("2026-11-25T12:04:36.294599257Z"), Instant.parse("2026-11-25T12:04:36.294599257Z"), null, null, List.of(hangs), 1, "a-1",
                0, null, null, false, null, null, false, PathState.DEGRADED);
        Incident hang = new Incident("i-2", AlertKind.HANG, "stunnel-internet", "vm", null, true,
                Instant.parse("2026-11-25T12:05:00Z"), Instant.parse("2026-11-25T12:05:00Z"), null, null, List.of(), 1, "a-2",
                3, 2003.5, 4100.0, true, Instant.parse("2026-11-25T12:06:00Z"), null, false, null, "reverse_loss",
                "hang 2.0 s: replies not delivered.", false, List.of("responder unacked=3"), "", Map.of("reverse_loss", 2, "far_end_stall", 1));
        Silence silence = new Silence("s-1", "*", Instant.parse("2026-11-25T12:00:00Z"), Instant.parse("2026-11-25T14:00:00Z"), null, "change 42",
                "api");
        Alert pending = new Alert("a-3", "i-2", 17, AlertKind.HANG, AlertAction.RAISED, "stunnel-internet", "vm", null, null, List.of(), List.of(),
                Instant.parse("2026-11-25T12:05:00Z"), Instant.parse("2026-11-25T12:05:00Z"), null, 1, null, 0.0, null, false, "[HANG] ...",
                "far_end_stall", "hang 1.5 s: held above TCP at the far end.", true, Map.of("far_end_stall", 1), List.of("prober unacked=0"), "");
        AlertStore.Saved saved = new AlertStore.Saved(16, Map.of("stunnel-internet", PathState.DEGRADED, "privatelink-us-east-1", PathState.OK),
                List.of(open, hang), List.of(silence), List.of(pending));
        AlertStore store = new AlertStore(dir, JsonMapper.builder().build());
        store.save(saved);
        AlertStore.Saved loaded = new AlertStore(dir, JsonMapper.builder().build()).load();
        assertThat(loaded.sequence()).isEqualTo(16);
        assertThat(loaded.announced()).isEqualTo(saved.announced());
        assertThat(loaded.open()).containsExactly(open, hang);
        assertThat(loaded.silences()).containsExactly(silence);
        assertThat(loaded.outbox()).containsExactly(pending);
    }
}
