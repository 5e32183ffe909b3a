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
        Spool.Entry first = reopened.peek(0);
        assertThat(new String(first.json(), StandardCharsets.UTF_8)).isEqualTo("alert 3");
        reopened.remove(first);
        reopened.append("alert 13".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(reopened.peek(0).json(), StandardCharsets.UTF_8)).isEqualTo("alert 4");
        assertThat(new Spool(dir, 10).size()).isEqualTo(10);
    }

    @Test
    void aBatchIsOneFileWithTwoFsyncsAndGoesOnceItsLastAlertIsDelivered() throws Exception {
        Spool spool = new Spool(dir, 100);
        spool.appendAll(java.util.List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8),
                "c".getBytes(StandardCharsets.UTF_8)));
        assertThat(spool.fsyncs()).isEqualTo(2);
        assertThat(files()).hasSize(1);
        spool.remove(spool.peek(0));
        spool.remove(spool.peek(0));
        // a crash now delivers "c" after the restart (and only "c" is waiting in memory now)
        assertThat(files()).hasSize(1);
        assertThat(new Spool(dir, 100).size()).isEqualTo(3);
        spool.remove(spool.peek(0));
        assertThat(files()).isEmpty();
        assertThat(new Spool(dir, 100).size()).isZero();
    }

    private java.util.List<Path> files() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.toList();
        }
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
