package io.pathwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.config.PathProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveredPathMergeTest {

    private static PathProperties path(String name, String target) {
        return PathProperties.of(name, target, Map.of());
    }

    @Test
    void aStaticPathWinsANameClashAndTheClashIsReported() {
        PathProperties typedIn = path("orders", "orders.internal:7100");
        List<PathProperties> statics = List.of(path("feed", "feed.internal:7100"), typedIn);
        List<PathProperties> discovered = List.of(path("ledger", "vpce-1-a.example:7100"), path("orders", "vpce-2-b.example:7100"),
                path("audit", "vpce-3-c.example:7100"));

        DiscoveredPathMerge.Merged merged = DiscoveredPathMerge.merge(statics, discovered);

        assertThat(merged.paths()).extracting(PathProperties::name).containsExactly("feed", "orders", "ledger", "audit");
        assertThat(merged.paths().get(1)).isSameAs(typedIn);
        assertThat(merged.clashing()).containsExactly("orders");
    }

    @Test
    void withoutClashesEverythingIsKept() {
        DiscoveredPathMerge.Merged merged = DiscoveredPathMerge.merge(List.of(), List.of(path("a", "h:1")));
        assertThat(merged.paths()).extracting(PathProperties::name).containsExactly("a");
        assertThat(merged.clashing()).isEmpty();
    }
}
