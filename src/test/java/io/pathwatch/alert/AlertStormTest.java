package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.testing.WebhookReceiver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * 500 paths go DOWN at once, then come back: every alert reaches a real webhook on 127.0.0.1
 * exactly once, its log line comes at once, the state file and the spool are written a handful of
 * times instead of once per alert, and the alerts thread's CPU stays small. The figures are printed
 * (docs/reliability.md quotes them); the bounds asserted are wide, for a loaded machine.
 */
class AlertStormTest {

    private static final int PATHS = 500;

    @TempDir
    Path spool;

    /** When each path's alert line was logged (nanoTime), by path and action. */
    private final Map<String, Long> logged = new ConcurrentHashMap<>();

    @Test
    void fiveHundredPathsDownAtOnceAreEachAlertedExactlyOnceWithAFewWrites() throws Exception {
        Logger alertLog = (Logger) LoggerFactory.getLogger("pathwatch.alerts");
        AppenderBase<ILoggingEvent> clock = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                String path = e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("path")).map(kv -> String.valueOf(kv.value)).findFirst().orElse("");
                String action = e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("action")).map(kv -> String.valueOf(kv.value)).findFirst().orElse("");
                logged.putIfAbsent(path + " " + action, System.nanoTime());
            }
        };
        clock.start();
        alertLog.addAppender(clock);
        // the agent logs through a never-blocking async appender (AsyncLogging); this test's console would time the console
        alertLog.setAdditive(false);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < PATHS; i++) {
            paths.add("path-" + i);
        }
        JsonMapper json = JsonMapper.builder().build();
        try (WebhookReceiver hook = WebhookReceiver.started()) {
            AlertSettings.Webhook w = new AlertSettings.Webhook("hook", URI.create(hook.url()), null, Duration.ofSeconds(5));
            AlertSettings settings = new AlertSettings("storm", Duration.ofHours(1), spool, 10_000, Duration.ofMillis(50), Duration.ofMillis(500),
                    List.of(w), null);
            AlertManager m = new AlertManager(settings, paths, List.of(new WebhookSink(w, json)), p -> List.of(), Clock.systemUTC(), json);
            try {
                m.drain();
                long thread = m.threadId();
                long cpuBefore = cpuNanos(thread);
                long savesBefore = m.stateSaves();
                long t0 = System.nanoTime();
                storm(m, paths, PathState.OK, PathState.DOWN);
                await().atMost(Duration.ofSeconds(60)).until(() -> hook.received().size() >= PATHS);
                long downSeconds = (System.nanoTime() - t0) / 1_000_000_000 + 1;
                long t1 = System.nanoTime();
                storm(m, paths, PathState.DOWN, PathState.OK);
                await().atMost(Duration.ofSeconds(60)).until(() -> hook.received().size() >= 2 * PATHS);
                long elapsedSeconds = (System.nanoTime() - t0) / 1_000_000_000 + 1;
                long cpu = cpuNanos(thread) - cpuBefore;

                // exactly once: 1,000 alerts, 1,000 distinct ids, one RAISED and one RESOLVED per path
                List<Map<String, Object>> got = hook.received().stream().map(WebhookReceiver.Received::json).toList();
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> hook.received().size() == 2 * PATHS);
                assertThat(got.stream().map(a -> a.get("id")).distinct()).hasSize(2 * PATHS);
                Map<String, List<String>> byPath = got.stream().collect(Collectors.groupingBy(a -> (String) a.get("path"),
                        Collectors.mapping(a -> (String) a.get("action"), Collectors.toList())));
                assertThat(byPath).hasSize(PATHS);
                assertThat(byPath.values()).allSatisfy(actions -> assertThat(actions).containsExactly("RAISED", "RESOLVED"));

                // every log line within 1 s of its event (the raises from t0, the resolves from t1)
                long worstRaise = paths.stream().mapToLong(p -> logged.get(p + " RAISED") - t0).max().orElseThrow();
                long worstResolve = paths.stream().mapToLong(p -> logged.get(p + " RESOLVED") - t1).max().orElseThrow();
                // writes: at most one state save and one spool batch (two fsyncs) per second, plus the first of each storm
                long saves = m.stateSaves() - savesBefore;
                long spoolFsyncs = m.spoolFsyncs().get("hook");
                System.out.printf("alert storm: %d paths DOWN then OK; last log line %.0f ms (raise) / %.0f ms (resolve) after the storm began; "
                        + "%d state saves and %d spool fsyncs for %d alerts in %d s; alerts thread CPU %.0f ms; all delivered in %d s%n",
                        PATHS, worstRaise / 1e6, worstResolve / 1e6, saves, spoolFsyncs, 2 * PATHS, elapsedSeconds, cpu / 1e6, elapsedSeconds);
                assertThat(worstRaise).isLessThan(Duration.ofSeconds(1).toNanos());
                assertThat(worstResolve).isLessThan(Duration.ofSeconds(1).toNanos());
                assertThat(saves).isLessThanOrEqualTo(elapsedSeconds + 2);
                assertThat(spoolFsyncs).isLessThanOrEqualTo(2 * (elapsedSeconds + 2));
                assertThat(downSeconds).isPositive();
                if (cpuBefore >= 0) { // -1 where the JVM cannot measure thread CPU
                    assertThat(cpu).isLessThan(Duration.ofSeconds(5).toNanos());
                }
                assertThat(m.sinks().get("hook")).containsEntry("pending", 0).containsEntry("dropped", 0L);
            } finally {
                m.close();
            }
        } finally {
            alertLog.detachAppender(clock);
            alertLog.setAdditive(true);
        }
    }

    /** Every path changes state at once, from four threads (the stats thread is one, but it must not matter). */
    private static void storm(AlertManager m, List<String> paths, PathState from, PathState to) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = first; i < paths.size(); i += 4) {
                    m.stateChanged(new PathTransition(paths.get(i), from, to, Instant.now(), List.of(), List.of()));
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    private static long cpuNanos(long threadId) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(threadId) : -1;
    }
}
