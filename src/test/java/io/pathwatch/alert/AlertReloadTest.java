package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.health.RuleFiring;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** A reload reaches alerting: a removed path's incidents resolve saying so; sinks come and go without losing what they held. */
class AlertReloadTest {

    private static final RuleFiring DEAD = new RuleFiring("dead", "loss", ">= 100%", 1.0, 1.0, null, "ratio", PathState.DOWN, "dead: loss 100%");

    @TempDir
    Path spool;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<AlertManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        managers.forEach(AlertManager::close);
    }

    private AlertSettings settings(Duration repeat) {
        return new AlertSettings("agent-1", repeat, spool, 100, Duration.ofMillis(20), Duration.ofMillis(200), List.of(), null,
                Duration.ofMinutes(5), List.of(), 1000);
    }

    private AlertManager manager(AlertSink... sinks) {
        AlertManager m = new AlertManager(settings(Duration.ofHours(1)), List.of("p", "q"), List.of(sinks), path -> List.of(DEAD), Map::of, clock,
                JsonMapper.builder().build());
        managers.add(m);
        return m;
    }

    private static PathSpec spec(String name) {
        return new PathSpec(name, "127.0.0.1", 7, null, Map.of(), new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(50)));
    }

    private void down(AlertManager m, String path) {
        clock.advance(Duration.ofSeconds(10));
        m.stateChanged(new PathTransition(path, PathState.OK, PathState.DOWN, clock.instant(), List.of(DEAD), List.of()));
    }

    @Test
    void aRemovedPathsOpenIncidentsResolveSayingWhy() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        down(m, "p");
        down(m, "q");
        m.hangStarted("p", clock.instant());
        m.drain();
        clock.advance(Duration.ofMinutes(2));
        m.pathRemoved(spec("p"), "path removed");
        m.drain();

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.stream().filter(a -> a.action() == AlertAction.RESOLVED).count() == 2);
        List<Alert> resolved = sink.alerts.stream().filter(a -> a.action() == AlertAction.RESOLVED).toList();
        assertThat(resolved).allSatisfy(a -> {
            assertThat(a.path()).isEqualTo("p");
            assertThat(a.text()).contains("path removed");
        });
        assertThat(resolved).extracting(Alert::kind).containsExactlyInAnyOrder(AlertKind.STATE, AlertKind.HANG);
        assertThat(m.incidents()).filteredOn(Incident::open).extracting(Incident::path).containsExactly("q");
    }

    @Test
    void aRemovedSinkKeepsItsSpoolAndAnAddedOneGetsTheNextAlerts() throws Exception {
        CapturingSink kept = new CapturingSink();
        CapturingSink leaving = new NamedSink("leaving");
        leaving.failing = true; // it cannot deliver: its alert waits in its spool
        AlertManager m = manager(kept, leaving);
        down(m, "p");
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> kept.alerts.size() == 1 && leaving.attempts >= 1);

        CapturingSink arriving = new NamedSink("arriving");
        m.reconfigure(settings(Duration.ofMinutes(30)), List.of(kept, arriving));
        await().atMost(Duration.ofSeconds(5)).until(() -> m.sinks().keySet().equals(java.util.Set.of("capture", "arriving")));
        int attempts = leaving.attempts;

        down(m, "q");
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> kept.alerts.size() == 2 && arriving.alerts.size() == 1);
        assertThat(arriving.alerts.get(0).path()).isEqualTo("q");
        assertThat(leaving.attempts).as("a removed sink delivers no more").isLessThanOrEqualTo(attempts + 1);
        try (Stream<Path> files = Files.list(spool.resolve("leaving"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).toList()).as("its undelivered alert stays on disk").isNotEmpty();
        }
    }

    @Test
    void aRestartedPathKeepsItsIncidentOpen() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        down(m, "p");
        m.drain();
        m.pathRestarted(spec("p"), spec("p"), "path changed: probe settings");
        m.drain();
        m.tickNow();
        assertThat(sink.alerts).extracting(Alert::action).doesNotContain(AlertAction.RESOLVED);
        assertThat(m.incidents()).filteredOn(Incident::open).extracting(Incident::path).containsExactly("p");
    }

    @Test
    void aChangedSinkDeliversWhatItHeldThroughItsNewSettingsAtOnce() {
        CapturingSink old = new NamedSink("hook");
        old.failing = true;
        // the old settings earned a long backoff: the fixed ones must not wait it out
        AlertSettings slowRetry = new AlertSettings("agent-1", Duration.ofHours(1), spool, 100, Duration.ofMinutes(10), Duration.ofMinutes(10),
                List.of(), null, Duration.ofMinutes(5), List.of(), 1000);
        AlertManager m = new AlertManager(slowRetry, List.of("p", "q"), List.of(old), path -> List.of(DEAD), Map::of, clock,
                JsonMapper.builder().build());
        managers.add(m);
        down(m, "p");
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> old.attempts >= 1);

        CapturingSink renewed = new NamedSink("hook"); // same name, other settings (a new URL, say)
        m.reconfigure(slowRetry, List.of(renewed));
        await().atMost(Duration.ofSeconds(5)).until(() -> renewed.alerts.size() == 1);
        assertThat(renewed.alerts.get(0).path()).isEqualTo("p");
        assertThat(old.alerts).isEmpty();
    }

    @Test
    void anIncidentOfAPathNotConfiguredAtStartUpWaitsForDiscovery() {
        CapturingSink sink = new CapturingSink();
        AlertManager before = new AlertManager(settings(Duration.ofHours(1)), List.of("found", "lost"), List.of(sink), path -> List.of(DEAD),
                Map::of, clock, JsonMapper.builder().build());
        down(before, "found");
        down(before, "lost");
        before.drain();
        before.close();

        // restarted: neither is configured; discovery finds "found" again within the grace, never "lost"
        CapturingSink after = new CapturingSink();
        AlertManager m = new AlertManager(settings(Duration.ofHours(1)), List.of(), List.of(after), path -> List.of(DEAD), Map::of, clock,
                JsonMapper.builder().build(), Duration.ofMinutes(15));
        managers.add(m);
        m.tickNow();
        assertThat(m.incidents()).filteredOn(Incident::open).extracting(Incident::path).containsExactlyInAnyOrder("found", "lost");
        m.pathAdded(spec("found"));
        clock.advance(Duration.ofMinutes(16));
        m.tickNow();
        m.drain();
        assertThat(m.incidents()).filteredOn(Incident::open).extracting(Incident::path).containsExactly("found");
        await().atMost(Duration.ofSeconds(5)).until(() -> after.alerts.stream().anyMatch(a -> a.action() == AlertAction.RESOLVED));
        assertThat(after.alerts).filteredOn(a -> a.action() == AlertAction.RESOLVED).extracting(Alert::path).containsExactly("lost");
    }

    /** A capturing sink under another name (its own spool directory). */
    private static final class NamedSink extends CapturingSink {
        NamedSink(String name) {
            super(name);
        }
    }
}
