package io.pathwatch.responder;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings about failed HELLOs, which a peer can provoke at will: the first of a minute is logged,
 * the rest are counted and reported with one sample once the minute is over ({@link #flush}, or
 * the next failure, whichever comes first). The agent
 * name is the peer's own text, so only printable ASCII of it reaches the log, capped in length (no
 * CR/LF to forge log lines, no terminal escapes). Shared by every connection.
 */
final class RejectedHelloLog {

    static final int MAX_AGENT_CHARS = 64;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(RejectedHelloLog.class);

    private final LongSupplier nanoTime;
    private final Consumer<String> out;
    private long windowStart;
    private boolean started;
    private long suppressed;
    private String sample;

    RejectedHelloLog() {
        this(System::nanoTime, log::warn);
    }

    RejectedHelloLog(LongSupplier nanoTime, Consumer<String> out) {
        this.nanoTime = nanoTime;
        this.out = out;
    }

    void failed(SocketAddress from, String agent) {
        String line = "HELLO from " + from + " (agent '" + printable(agent) + "') failed authentication";
        String summary = null;
        boolean logLine;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (!started || now - windowStart >= MINUTE) {
                if (suppressed > 0) {
                    summary = suppressed + " more HELLO(s) failed authentication in the minute before; the last: " + sample;
                }
                started = true;
                windowStart = now;
                suppressed = 0;
                sample = null;
                logLine = true;
            } else {
                suppressed++;
                sample = line;
                logLine = false;
            }
        }
        if (summary != null) {
            out.accept(summary);
        }
        if (logLine) {
            out.accept(line);
        }
    }

    /**
     * Sums up a minute that has ended with failures still unreported, so that a burst that stops is
     * reported within about a minute and not only when the next failure comes. The responder calls it
     * periodically.
     */
    void flush() {
        String summary = null;
        synchronized (this) {
            if (started && suppressed > 0 && nanoTime.getAsLong() - windowStart >= MINUTE) {
                summary = suppressed + " more HELLO(s) failed authentication in the minute before; the last: " + sample;
                started = false;
                suppressed = 0;
                sample = null;
            }
        }
        if (summary != null) {
            out.accept(summary);
        }
    }

    /** The peer's text as printable ASCII: anything else becomes '?', and it is cut at {@link #MAX_AGENT_CHARS}. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_AGENT_CHARS) + 1);
        for (int i = 0; i < text.length() && b.length() < MAX_AGENT_CHARS; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > MAX_AGENT_CHARS) {
            b.append('…');
        }
        return b.toString();
    }
}
