package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines come back across a restart only for paths that still probe what they learned from. */
class BaselineStoreTest {

    private static final long BUCKET = 900_000;
    private static final Map<String, Baseline.State> LEARNED = Map.of("rtt.p50",
            new Baseline.State(new float[] {20.5f, 21.0f}, new float[] {20.8f}, 1_000L, 3L));

    @TempDir
    Path dir;

    @Test
    void aPathThatNowProbesAnotherTargetLearnsAfreshTheOthersKeepTheirs() {
        BaselineStore store = new BaselineStore(dir.resolve("baselines.json"));
        store.save(BUCKET, Map.of("same", "10.0.0.1:7100 echoes=5 payload=64", "moved", "10.0.0.2:7100 echoes=5 payload=64"),
                Map.of("same", LEARNED, "moved", LEARNED));

        Map<String, Map<String, Baseline.State>> back = store.load(BUCKET,
                Map.of("same", "10.0.0.1:7100 echoes=5 payload=64", "moved", "10.0.0.9:7100 echoes=5 payload=64"));

        assertThat(back).containsOnlyKeys("same");
        assertThat(back.get("same").get("rtt.p50").medians()).containsExactly(20.5f, 21.0f);
        assertThat(store.load(BUCKET * 2, Map.of("same", "10.0.0.1:7100 echoes=5 payload=64"))).as("another horizon").isEmpty();
    }

    @Test
    void aFileWrittenBeforeIdentitiesWereKeptIsStillRestored() throws Exception {
        Path file = dir.resolve("baselines.json");
        Files.writeString(file, "{\"bucketMillis\":" + BUCKET + ",\"paths\":{\"old\":{\"rtt.p50\":"
                + "{\"medians\":[20.5,21.0],\"current\":[20.8],\"bucketStart\":1000,\"learned\":3}}}}");
        assertThat(new BaselineStore(file).load(BUCKET, Map.of("old", "10.0.0.1:7100 echoes=5 payload=64"))).containsOnlyKeys("old");
    }
}
