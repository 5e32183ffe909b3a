package io.pathwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Without Spring Boot's logging system, Logback's fallback logs DEBUG to standard output, which
 * would bury the cycle lines and break {@code --json}. The CLI keeps warnings and errors only,
 * on standard error. Runs before anything creates a logger (Netty picks its logger at class load).
 */
final class CliLogging {

    private CliLogging() {
    }

    static void warningsToStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        StandardError console = new StandardError();
        console.setContext(context);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
    }

    /** "WARN ProbeClient: message": no pattern layout, whose set-up alone costs a CLI a tenth of a second. */
    private static final class StandardError extends AppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent e) {
            String logger = e.getLoggerName();
            System.err.println(e.getLevel() + " " + logger.substring(logger.lastIndexOf('.') + 1) + ": " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage() + ")"));
        }
    }
}
