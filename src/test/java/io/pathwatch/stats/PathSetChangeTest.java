package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A new set of paths changes only what differs, and says what it did to everyone who follows the paths. */
class PathSetChangeTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 64, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(50));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> events = new CopyOnWriteArrayList<>();

    private static PathSpec path(String name, String host, Map<String, String> tags) {
        return new PathSpec(name, host, 7100, null, tags, SETTINGS);
    }

    private StatsRegistry registry(PathSpec... paths) {
        StatsRegistry r = new StatsRegistry(List.of(paths), nanos::get, Clock.systemUTC());
        r.addLifecycleListener(new PathLifecycle() {
            @Override
            public void pathAdded(PathSpec path) {
                assertThat(r.get(path.name())).as("its statistics exist before anyone is told").isPresent();
                events.add("added " + path.name());
            }

            @Override
            public void pathRemoved(PathSpec path, String reason) {
                events.add("removed " + path.name() + " (" + reason + ")");
            }

            @Override
            public void pathRetagged(PathSpec path) {
                events.add("retagged " + path.name() + " " + path.tags());
            }
        });
        return r;
    }

    @Test
    void onlyWhatDiffersChangesAndEveryFollowerHearsOfIt() {
        PathSpec same = path("same", "10.0.0.1", Map.of());
        PathSpec tagged = path("tagged", "10.0.0.2", Map.of("destination", "asx"));
        PathSpec moved = path("moved", "10.0.0.3", Map.of());
        PathSpec gone = path("gone", "10.0.0.4", Map.of());
        StatsRegistry r = registry(same, tagged, moved, gone);
        PathStats sameStats = r.get("same").orElseThrow();
        PathStats taggedStats = r.get("tagged").orElseThrow();
        PathStats movedStats = r.get("moved").orElseThrow();

        PathChanges changes = r.apply(List.of(same, path("tagged", "10.0.0.2", Map.of("destination", "nyse")), path("moved", "10.0.0.9", Map.of()),
                path("new", "10.0.0.5", Map.of())));

        assertThat(changes.added()).containsExactly("new");
        assertThat(changes.removed()).containsExactly("gone");
        assertThat(changes.restarted()).containsExactly("moved");
        assertThat(changes.retagged()).containsExactly("tagged");
        assertThat(r.get("same")).as("an untouched path keeps its statistics object, and so everything in it").containsSame(sameStats);
        assertThat(r.get("tagged")).containsSame(taggedStats);
        assertThat(taggedStats.path().tags()).containsEntry("destination", "nyse");
        assertThat(r.get("moved").orElseThrow()).isNotSameAs(movedStats);
        assertThat(r.get("gone")).isEmpty();
        assertThat(r.all()).extracting(s -> s.path().name()).containsExactly("same", "tagged", "moved", "new");
        assertThat(events).containsExactly("removed gone (path removed)", "removed moved (path changed: target 10.0.0.3:7100 → 10.0.0.9:7100)",
                "added moved", "added new", "retagged tagged {destination=nyse}");

        events.clear();
        assertThat(r.apply(List.of(same, path("tagged", "10.0.0.2", Map.of("destination", "nyse")), path("moved", "10.0.0.9", Map.of()),
                path("new", "10.0.0.5", Map.of()))).none()).as("the same set again changes nothing").isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void tlsOrProbeSettingsRestartThePathAndSayWhich() {
        PathSpec plain = path("p", "10.0.0.1", Map.of());
        StatsRegistry r = registry(plain);
        PathSpec tls = new PathSpec("p", "10.0.0.1", 7100, new TlsSpec("", "", "PKCS12", "", false), Map.of(), SETTINGS);
        r.apply(List.of(tls));
        PathSpec slower = new PathSpec("p", "10.0.0.1", 7100, tls.tls(), Map.of(), new ProbeSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), 3,
                64, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(50)));
        r.apply(List.of(slower));
        assertThat(events).containsExactly("removed p (path changed: TLS)", "added p", "removed p (path changed: probe settings)", "added p");
    }

    @Test
    void aFollowerThatFailsDoesNotLeaveTheOthersBehind() {
        StatsRegistry r = new StatsRegistry(List.of(), nanos::get, Clock.systemUTC());
        r.addLifecycleListener(new PathLifecycle() {
            @Override
            public void pathAdded(PathSpec path) {
                throw new IllegalStateException("broken follower");
            }

            @Override
            public void pathRemoved(PathSpec path, String reason) {
            }
        });
        List<String> heard = new CopyOnWriteArrayList<>();
        r.addLifecycleListener(new PathLifecycle() {
            @Override
            public void pathAdded(PathSpec path) {
                heard.add(path.name());
            }

            @Override
            public void pathRemoved(PathSpec path, String reason) {
            }
        });
        r.apply(List.of(path("a", "10.0.0.1", Map.of())));
        assertThat(heard).containsExactly("a");
    }

    @Test
    void aRemovedPathIsNoLongerHarvested() {
        StatsRegistry r = registry(path("a", "10.0.0.1", Map.of()), path("b", "10.0.0.2", Map.of()));
        List<String> sealed = new CopyOnWriteArrayList<>();
        r.addWindowListener((stats, window) -> sealed.add(stats.path().name()));
        r.apply(List.of(path("a", "10.0.0.1", Map.of())));
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        r.harvestAll();
        assertThat(sealed).containsOnly("a").isNotEmpty();
    }
}
