package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool keeps alerts in order across a reopen and drops only the oldest past its bound. */
class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void entriesSurviveAReopenInOrderAndTheOldestGoFirstPastTheLimit() throws Exception {
        Spool spool = new Spool(dir, 10);
        for (int i = 1; i <= 12; i++) {
            spool.append(("alert " + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(spool.size()).isEqualTo(10);
        assertThat(spool.dropped()).isEqualTo(2);
        Spool reopened = new Spool(dir, 10);
        assertThat(reopened.size()).isEqualTo(10);
        long first = reopened.peek(0);
        assertThat(new String(reopened.read(first), StandardCharsets.UTF_8)).isEqualTo("alert 3");
        reopened.remove(first);
        reopened.append("alert 13".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(reopened.read(reopened.peek(0)), StandardCharsets.UTF_8)).isEqualTo("alert 4");
        assertThat(new Spool(dir, 10).size()).isEqualTo(10);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        SinkQueue q = new SinkQueue(new CapturingSink(), new Spool(dir, 10), tools.jackson.databind.json.JsonMapper.builder().build(),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10));
        try {
            assertThat(new long[] {q.backoffMillis(1), q.backoffMillis(2), q.backoffMillis(3), q.backoffMillis(4), q.backoffMillis(5), q.backoffMillis(60)})
                    .containsExactly(1000, 2000, 4000, 8000, 10000, 10000);
        } finally {
            q.close();
        }
    }
}
