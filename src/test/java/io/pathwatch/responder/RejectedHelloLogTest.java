package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectedHelloLogTest {

    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final RejectedHelloLog log = new RejectedHelloLog(nanos::get, lines::add);

    @Test
    void thePeersTextCannotForgeALogLineOrRunLong() {
        log.failed(FROM, "evil\r\n2026-11-30 INFO forged line\u001b[31m" + "x".repeat(500));
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b");
        assertThat(line).contains("agent 'evil??2026-11-30 INFO forged line?[31m");
        assertThat(RejectedHelloLog.printable("x".repeat(500))).hasSize(RejectedHelloLog.MAX_AGENT_CHARS + 1).endsWith("…");
        assertThat(RejectedHelloLog.printable("prober-use1")).isEqualTo("prober-use1");
        assertThat(RejectedHelloLog.printable("zürich")).isEqualTo("z?rich");
    }

    @Test
    void theFirstOfAMinuteIsLoggedAndTheRestAreCountedWithOneSample() {
        for (int i = 0; i < 1000; i++) {
            log.failed(FROM, "agent-" + i);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10)); // 1,000 in 10 s
        }
        assertThat(lines).containsExactly("HELLO from " + FROM + " (agent 'agent-0') failed authentication");

        nanos.addAndGet(TimeUnit.MINUTES.toNanos(1));
        log.failed(FROM, "later");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("999 more HELLO(s) failed authentication in the minute before; the last: ")
                .contains("agent-999");
        assertThat(lines.get(2)).contains("agent 'later'");
    }

    @Test
    void aBurstThatStopsIsSummedUpOnceItsMinuteIsOver() {
        for (int i = 0; i < 50; i++) {
            log.failed(FROM, "burst-" + i);
        }
        log.flush();
        assertThat(lines).as("within the minute, nothing more").hasSize(1);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        log.flush();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("49 more HELLO(s) failed").contains("burst-49");
        log.flush();
        assertThat(lines).as("said once").hasSize(2);
        log.failed(FROM, "next");
        assertThat(lines).hasSize(3).last().asString().contains("agent 'next'");
    }
}
