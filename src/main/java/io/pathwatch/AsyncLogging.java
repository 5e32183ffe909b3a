package io.pathwatch;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Nothing on an event loop waits for a log appender: once Boot has set logging up (console,
 * file, structured formats, all as configured), the root logger's appenders are moved behind one
 * {@link AsyncAppender}. A full queue drops events rather than block the caller (a log storm must
 * not stall probing); stopping the logging system at shutdown gives what is queued up to 1 s to
 * drain. Appenders attached to other loggers by a custom configuration stay synchronous.
 */
public final class AsyncLogging implements ApplicationListener<ApplicationPreparedEvent> {

    static final String NAME = "PATHWATCH_ASYNC";
    static final int QUEUE = 8192;
    /** Long enough for a slow appender, short enough that a stuck one does not hold up a SIGTERM stop (supervisors wait 10 s). */
    static final int FLUSH_MILLIS = 1000;

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context);
        }
    }

    /** Idempotent: a second call (another context in the same JVM) finds the async appender in place. */
    static synchronized void install(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) != null) {
            return;
        }
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        if (appenders.isEmpty()) {
            return;
        }
        AsyncAppender async = new AsyncAppender();
        async.setName(NAME);
        async.setContext(context);
        async.setQueueSize(QUEUE);
        async.setDiscardingThreshold(0); // keep INFO until the queue is full; then drop anything rather than block
        async.setNeverBlock(true);
        async.setMaxFlushTime(FLUSH_MILLIS); // at shutdown, what is queued gets this long to reach the appenders
        appenders.forEach(async::addAppender);
        async.start();
        root.addAppender(async);
        appenders.forEach(root::detachAppender);
    }
}
