package io.pathwatch.alert;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One sink's delivery: its spool and its own thread, which delivers the spooled alerts one at a
 * time, oldest first, retrying a failed one with exponential backoff (initial, doubling, capped)
 * until it goes through. A failing or slow sink holds up only its own queue: never another sink,
 * the alert manager or the probes. Failures are logged once per streak, not per attempt.
 */
final class SinkQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkQueue.class);
    private static final long IDLE_POLL_MILLIS = 1000;

    /** Replaced in place when a reload changes the sink's settings: the queue, its spool and its thread go on. */
    private volatile AlertSink sink;
    /** The sink {@link #use} replaced, for the delivery thread to close between two attempts. */
    private final java.util.concurrent.atomic.AtomicReference<AlertSink> retired = new java.util.concurrent.atomic.AtomicReference<>();
    /** Set by {@link #use} under {@link #pause}: the backoff so far was the old settings'. */
    private boolean changed;
    private final Spool spool;
    private final JsonMapper json;
    private volatile long initialMillis;
    private volatile long maxMillis;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;
    private volatile long delivered;
    private volatile long attemptsFailed;
    private volatile String lastError;
    /** Confined to the alerts thread. */
    private final List<Alert> unwritten = new ArrayList<>();
    private boolean writeFailing;
    private volatile int unspooled;

    SinkQueue(AlertSink sink, Spool spool, JsonMapper json, Duration initial, Duration max) {
        this.sink = sink;
        this.spool = spool;
        this.json = json;
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.thread = new Thread(this::run, "pathwatch-alerts-" + sink.name());
        this.thread.setDaemon(true);
        if (spool.size() > 0) {
            log.info("alert sink {}: {} undelivered alert(s) from before the restart, delivering them first", sink.name(), spool.size());
        }
    }

    /**
     * The same sink with new settings (a reload): the next delivery goes through it; what is
     * spooled stays, in order. Returns the sink it replaced, for the caller to close.
     */
    void use(AlertSink next, Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        AlertSink was = sink;
        this.sink = next;
        // closed by the delivery thread once it is done with it: an SNS client closed mid-Publish would fail a
        // delivery that may have reached the topic, and its retry would deliver the alert twice
        AlertSink older = retired.getAndSet(was);
        if (older != null) {
            closeQuietly(older);
        }
        synchronized (pause) {
            changed = true;
            pause.notifyAll(); // a backoff earned by the old settings (a bad URL, say) must not delay the new ones
        }
    }

    private static void closeQuietly(AlertSink sink) {
        if (sink instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing alert sink {}: {}", sink.name(), e.toString());
            }
        }
    }

    AlertSink sink() {
        return sink;
    }

    /** Starts delivering. */
    SinkQueue start() {
        thread.start();
        return this;
    }

    String name() {
        return sink.name();
    }

    /**
     * Keeps the alerts on disk for delivery, as one batch, after any that an earlier write could not
     * keep; returns once they are there. Should the write fail (a full disk), they stay in memory
     * (at most the spool's limit, the oldest dropped and logged beyond) and go with the next write;
     * until then {@link #unspooled()} counts them. Called on the alerts thread only.
     */
    void offerAll(List<Alert> alerts) {
        unwritten.addAll(alerts);
        if (unwritten.isEmpty()) {
            return;
        }
        while (unwritten.size() > spool.limit()) {
            Alert dropped = unwritten.remove(0);
            log.error("alert sink {}: {} alerts could not be spooled; dropping the oldest: {}", sink.name(), spool.limit(), dropped);
        }
        try {
            List<byte[]> lines = new ArrayList<>(unwritten.size());
            for (Alert a : unwritten) {
                lines.add(json.writeValueAsBytes(a));
            }
            spool.appendAll(lines);
            if (writeFailing) {
                writeFailing = false;
                log.info("alert sink {}: spooling works again", sink.name());
            }
            unwritten.clear();
        } catch (IOException | RuntimeException e) {
            if (!writeFailing) {
                writeFailing = true;
                log.error("alert sink {}: cannot spool {} alert(s); kept in memory and retried every second (logged once until it works): {}",
                        sink.name(), unwritten.size(), e.toString());
            }
        }
        unspooled = unwritten.size();
    }

    /** Alerts that could not be written to the spool yet (they are retried, and named in the state file's outbox). */
    List<Alert> unwritten() {
        return List.copyOf(unwritten);
    }

    int unspooled() {
        return unspooled;
    }

    /**
     * After a crash: the alerts of the last batch that may not have reached this spool. Those already
     * in it are left alone; the others are spooled again (maybe delivered before the crash: receivers
     * drop the repeated id).
     */
    void recover(List<Alert> outbox) {
        Set<String> present = new HashSet<>();
        for (byte[] line : spool.contents()) {
            try {
                present.add(json.readValue(line, Alert.class).id());
            } catch (RuntimeException e) {
                // unreadable: skipped at delivery
            }
        }
        List<Alert> missing = outbox.stream().filter(a -> !present.contains(a.id())).toList();
        if (!missing.isEmpty()) {
            log.info("alert sink {}: spooling {} alert(s) of the last batch before the restart again", sink.name(), missing.size());
            offerAll(missing);
        }
    }

    /** Whether the spool holds at least {@code share} of its limit. */
    boolean nearlyFull(double share) {
        return spool.size() >= share * spool.limit();
    }

    int limit() {
        return spool.limit();
    }

    long fsyncs() {
        return spool.fsyncs();
    }

    int pending() {
        return spool.size();
    }

    long delivered() {
        return delivered;
    }

    long attemptsFailed() {
        return attemptsFailed;
    }

    long dropped() {
        return spool.dropped();
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        int failures = 0;
        while (running) {
            AlertSink old = retired.getAndSet(null);
            if (old != null) {
                closeQuietly(old);
            }
            synchronized (pause) {
                if (changed) {
                    changed = false;
                    failures = 0;
                }
            }
            AlertSink sink = this.sink;
            Spool.Entry entry;
            try {
                entry = spool.peek(IDLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
            if (entry == null) {
                continue;
            }
            Alert alert;
            try {
                alert = json.readValue(entry.json(), Alert.class);
            } catch (RuntimeException e) {
                log.error("alert sink {}: unreadable spool entry, skipping it: {}", sink.name(), e.toString());
                removeQuietly(entry);
                continue;
            }
            try {
                sink.deliver(alert);
                spool.remove(entry);
                delivered++;
                if (failures > 0) {
                    log.info("alert sink {}: delivering again after {} failed attempt(s); {} alert(s) waiting", sink.name(), failures, spool.size());
                }
                failures = 0;
            } catch (RejectedAlert e) {
                log.error("alert sink {} refused alert {} for good ({}); dropped it: {}", sink.name(), alert.id(), e.getMessage(), alert);
                removeQuietly(entry);
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                failures++;
                attemptsFailed++;
                lastError = e.toString();
                long wait = backoffMillis(failures);
                if (failures == 1) {
                    log.warn("alert sink {}: delivery of {} failed ({}); retrying with backoff up to {} ms, {} alert(s) waiting",
                            sink.name(), alert.id(), e.toString(), maxMillis, spool.size());
                } else {
                    log.debug("alert sink {}: attempt {} failed ({}); next in {} ms", sink.name(), failures, e, wait);
                }
                if (!sleep(wait)) {
                    break;
                }
            }
        }
    }

    /** initial × 2^(n−1), capped at max. */
    long backoffMillis(int failures) {
        long wait = initialMillis;
        for (int i = 1; i < failures && wait < maxMillis; i++) {
            wait *= 2;
        }
        return Math.min(wait, maxMillis);
    }

    private boolean sleep(long millis) {
        synchronized (pause) {
            long deadline = System.currentTimeMillis() + millis;
            try {
                while (running && !changed) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return true;
                    }
                    pause.wait(left);
                }
            } catch (InterruptedException e) {
                return false;
            }
            return running;
        }
    }

    private void removeQuietly(Spool.Entry entry) {
        try {
            spool.remove(entry);
        } catch (IOException e) {
            log.error("alert sink {}: cannot remove a delivered alert from the spool: {}", sink.name(), e.toString());
        }
    }

    /** Waits until the spool is empty or the deadline passes (a healthy sink delivers; a failing one keeps retrying meanwhile). */
    void flush(long deadlineMillis) {
        try {
            while (running && spool.size() > 0 && System.currentTimeMillis() < deadlineMillis) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread within {@code wait}; what is undelivered stays spooled for the next start. */
    void close(Duration wait) {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AlertSink old = retired.getAndSet(null);
        if (old != null) {
            closeQuietly(old);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
