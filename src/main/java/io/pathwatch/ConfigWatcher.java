package io.pathwatch;

import io.pathwatch.config.ConfigReloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reloads the configuration when one of its files changes, and on SIGHUP. Files are polled once
 * a second by content, not watched with inotify: editors save by renaming, Kubernetes swaps a
 * symlink, and either can slip past a directory watch. A change is applied once the file has
 * stayed the same for one more poll, so a file caught half-written is not read. Every reload
 * runs on this one thread, in order.
 */
final class ConfigWatcher implements SmartLifecycle, ConfigReloads {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    static final long POLL_MILLIS = 1000;
    /** A reload reads a few small files and applies in memory; one that takes longer than this has hung. */
    static final java.time.Duration RELOAD_WAIT = java.time.Duration.ofMinutes(2);
    private static final String ABSENT = "absent";

    private final ConfigReloader reloader;
    private final boolean watchFiles;
    private final Map<Path, String> applied = new HashMap<>();
    private final Map<Path, String> seen = new HashMap<>();
    private ScheduledExecutorService thread;
    private boolean failing;

    ConfigWatcher(ConfigReloader reloader, boolean watchFiles) {
        this.reloader = reloader;
        this.watchFiles = watchFiles;
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pathwatch-config");
            t.setDaemon(true);
            return t;
        });
        List<Path> files = reloader.watched();
        if (watchFiles) {
            thread.execute(() -> remember(fingerprints()));
            thread.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
            log.info("watching {} configuration file(s) for changes: {} (POST /api/config/reload and SIGHUP reload too)", files.size(), files);
        } else {
            log.info("configuration files are not watched (pathwatch.reload.watch-files=false): POST /api/config/reload or SIGHUP reloads {}",
                    files);
        }
        onSighup();
    }

    private void onSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> request("SIGHUP"));
        } catch (IllegalArgumentException e) {
            log.info("no SIGHUP on this platform ({}): reload with POST /api/config/reload", e.getMessage());
        }
    }

    /** Queues a reload on the watcher's thread (the signal handler must not wait for it). */
    void request(String trigger) {
        ScheduledExecutorService t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            t.execute(() -> reloadRemembering(trigger));
        } catch (RejectedExecutionException stopping) {
            log.info("{} came while stopping; not reloaded", trigger);
        }
    }

    /**
     * {@code POST /api/config/reload}: on the watcher's thread like every other reload, so the
     * watcher knows what the reload read and does not reload the same files again a second later.
     */
    @Override
    public Outcome reload(String trigger) {
        ScheduledExecutorService t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return reloader.reload(trigger);
        }
        try {
            return t.submit(() -> reloadRemembering(trigger)).get(RELOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the configuration reloaded", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("the configuration reload did not finish: " + e, e);
        }
    }

    @Override
    public Report report() {
        return reloader.report();
    }

    /**
     * The files are fingerprinted before the reload reads them: a write that lands while it
     * applies is then seen as a change at the next poll, never taken for what was applied.
     */
    private Outcome reloadRemembering(String trigger) {
        return reloadRemembering(trigger, fingerprints());
    }

    /** @param before the files' fingerprints, taken before the reload reads them */
    private Outcome reloadRemembering(String trigger, Map<Path, String> before) {
        Outcome outcome = reloader.reload(trigger);
        remember(before);
        return outcome;
    }

    private Map<Path, String> fingerprints() {
        Map<Path, String> out = new HashMap<>();
        for (Path f : reloader.watched()) {
            out.put(f, fingerprint(f));
        }
        return out;
    }

    /** What the running configuration was read from; a file the reload newly watches is taken as it is now. */
    private void remember(Map<Path, String> read) {
        applied.clear();
        seen.clear();
        for (Path f : reloader.watched()) {
            applied.put(f, read.containsKey(f) ? read.get(f) : fingerprint(f));
        }
    }

    private void poll() {
        try {
            Path changed = null;
            for (Path f : reloader.watched()) {
                String now = fingerprint(f);
                String before = seen.put(f, now);
                if (!now.equals(applied.getOrDefault(f, ABSENT)) && now.equals(before)) {
                    changed = f;
                }
            }
            if (changed != null) {
                reloadRemembering("file " + changed, new HashMap<>(seen)); // this poll's fingerprints: no second read
            }
            failing = false;
        } catch (Throwable e) { // a periodic task that throws is never run again: log once per streak, keep watching
            if (!failing) {
                failing = true;
                log.error("watching the configuration files failed (logged once until it works again)", e);
            }
        }
    }

    /** The file's content hash, or {@value #ABSENT}: content, because a copy that keeps the mtime is still a change. */
    static String fingerprint(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            return "unreadable " + e.getClass().getSimpleName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
