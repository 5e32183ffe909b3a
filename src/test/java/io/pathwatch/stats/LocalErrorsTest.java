package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.testing.SuppliedClock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The agent's local errors: counted by errno over the last minute only, the last one kept whatever its age. */
class LocalErrorsTest {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final LocalErrors errors = new LocalErrors(nanos::get, new SuppliedClock(() -> nanos.get() + 1_700_000_000_000_000_000L));

    @Test
    void countsByErrnoOverTheLastMinuteAndKeepsTheLastDetail() {
        errors.record("a", "AnnotatedConnectException: connect(..) failed with error(-99): Cannot assign requested address");
        errors.record("a", "BindException: Cannot assign requested address");
        errors.record("b", "IOException: Too many open files");
        at(30);
        errors.record("c", "IOException: writevAddresses(..) failed: No buffer space available");
        errors.record("c", "something a future JDK says");

        at(59);
        LocalErrors.Status s = errors.status();
        assertThat(s.lastMinute()).isEqualTo(5);
        assertThat(s.lastMinuteByCause()).isEqualTo(Map.of("EADDRNOTAVAIL", 2L, "EMFILE", 1L, "ENOBUFS", 1L, "other", 1L));
        assertThat(s.lastPath()).isEqualTo("c");
        assertThat(s.lastDetail()).isEqualTo("something a future JDK says");

        at(61);
        s = errors.status();
        assertThat(s.lastMinute()).as("the first three are older than a minute").isEqualTo(2);
        assertThat(s.lastMinuteByCause()).isEqualTo(Map.of("ENOBUFS", 1L, "other", 1L));
        assertThat(s.total()).isEqualTo(5);

        at(200);
        s = errors.status();
        assertThat(s.lastMinute()).isZero();
        assertThat(s.lastMinuteByCause()).isEmpty();
        assertThat(s.lastDetail()).as("the last one stays known").isEqualTo("something a future JDK says");
        assertThat(s.lastAt()).isBefore(Instant.ofEpochSecond(1_700_000_000L + 1_000 + 31));
    }

    @Test
    void aSlotReusedAMinuteLaterStartsFromZero() {
        errors.record("a", "Cannot assign requested address");
        at(60);
        errors.record("a", "Cannot allocate memory");
        assertThat(errors.status().lastMinuteByCause()).isEqualTo(Map.of("ENOMEM", 1L));
        assertThat(errors.status().total()).isEqualTo(2);
    }

    private void at(long secondsAfterStart) {
        nanos.set(TimeUnit.SECONDS.toNanos(1_000 + secondsAfterStart));
    }
}
