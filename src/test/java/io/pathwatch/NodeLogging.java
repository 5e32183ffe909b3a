package io.pathwatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Logging for a process that runs pathwatch's parts without Spring Boot (a test's
 * {@code NetnsNode}): INFO and asynchronous, as the product logs. Unconfigured logback logs
 * DEBUG, synchronously, on the event loops: that would measure the console, not the paths.
 */
public final class NodeLogging {

    private NodeLogging() {
    }

    public static void likeTheProduct() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            AsyncLogging.install(context);
        }
    }
}
