package io.pathwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A log appender that blocks (a full pipe, a stuck disk) must not block the thread that logs. */
class AsyncLoggingTest {

    /** Takes events only once released, like stdout into a pipe nobody reads. */
    static final class StuckAppender extends AppenderBase<ILoggingEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> got = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.add(event.getFormattedMessage());
        }
    }

    @Test
    void loggingReturnsWhileTheAppenderIsStuckAndNothingIsLostOnceItMoves() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what slf4j's binding gives the real context
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        StuckAppender stuck = new StuckAppender();
        stuck.setContext(context);
        stuck.setName("STUCK");
        stuck.start();
        root.addAppender(stuck);

        AsyncLogging.install(context);
        AsyncLogging.install(context); // idempotent
        assertThat(root.getAppender("STUCK")).isNull();
        assertThat(root.getAppender(AsyncLogging.NAME)).isNotNull();

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            root.warn("event {}", i);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMs).as("100 events logged while the appender is stuck").isLessThan(5_000);
        assertThat(stuck.got).isEmpty();

        stuck.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.got.size() == 100);
        assertThat(stuck.got).first().isEqualTo("event 0");
        context.stop();
    }
}
