package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An hour of states per path, in a fixed ring: the newest hour, oldest first. */
class StateHistoryTest {

    @Test
    void keepsTheLastHourOfWindowsOldestFirst() {
        StateHistory h = new StateHistory(Duration.ofMinutes(10));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            h.add(t0.plus(Duration.ofMinutes(10L * i)), i % 2 == 0 ? PathState.OK : PathState.DEGRADED);
        }
        // capacity: 6 windows of 10 minutes in the hour, plus 2
        assertThat(h.points()).hasSize(8);
        assertThat(h.points().get(0)).isEqualTo(new StatePoint(t0.plus(Duration.ofMinutes(20)), PathState.OK));
        assertThat(h.points().get(7)).isEqualTo(new StatePoint(t0.plus(Duration.ofMinutes(90)), PathState.DEGRADED));
    }
}
