package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.Egress;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.path.ProbeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reload that changes a path's mode, source address or DSCP restarts that path, and says why. */
class ModeChangeTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec STREAM = new PathSpec("p", "127.0.0.1", 7100, null, Map.of("a", "1"), SETTINGS);

    @Test
    void aModeOrEgressChangeIsARestartAndATagChangeIsNot() {
        StatsRegistry registry = new StatsRegistry(List.of(STREAM));
        List<String> told = new ArrayList<>();
        registry.addLifecycleListener(new PathLifecycle() {
            @Override
            public void pathAdded(PathSpec path) {
                told.add("added " + path.mode().key());
            }

            @Override
            public void pathRemoved(PathSpec path, String reason) {
                told.add("removed " + path.mode().key());
            }

            @Override
            public void pathRestarted(PathSpec was, PathSpec now, String reason) {
                told.add(reason);
            }
        });

        PathSpec connect = STREAM.withMode(ProbeMode.CONNECT);
        assertThat(registry.apply(List.of(connect)).restarted()).containsExactly("p");
        assertThat(registry.get("p").orElseThrow().path().streams()).isFalse();

        PathSpec from2 = connect.withEgress(new Egress("127.0.0.2", 46));
        assertThat(registry.apply(List.of(from2)).restarted()).containsExactly("p");
        assertThat(registry.apply(List.of(from2.withTags(Map.of("a", "2")))).retagged()).containsExactly("p");
        assertThat(registry.apply(List.of(from2.withTags(Map.of("a", "2")))).none()).isTrue();

        assertThat(told).containsExactly("path changed: mode stream → connect", "path changed: source address or DSCP");
        assertThat(connect.identity()).as("figures kept across a restart are not carried between modes").isNotEqualTo(STREAM.identity());
    }
}
