package io.pathwatch.alert;

import io.pathwatch.health.HealthListener;
import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.health.RuleFiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns state changes and hangs into alerts and hands them to the sinks. Everything happens on
 * one thread of its own ({@code pathwatch-alerts}): the stats thread and the probe event loops
 * only enqueue. An incident opens when a path leaves OK (or a hang starts) and is resolved exactly
 * once; DEGRADED ↔ DOWN is a change within it; every {@code repeatInterval} it is announced again.
 * The state announced per path and the open incidents survive restarts ({@link AlertStore}), so
 * a restart neither raises a problem twice nor loses its resolve. Every alert goes to the log at
 * once and to each queued sink through its spool.
 */
public final class AlertManager implements HealthListener, AutoCloseable {

    /** The structured log of alerts: one line per alert, its JSON, plus key-value pairs. */
    private static final Logger alertLog = LoggerFactory.getLogger("pathwatch.alerts");
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final int RESOLVED_KEPT = 1000;
    private static final long TICK_MILLIS = 1000;

    private final AlertSettings settings;
    private final Clock clock;
    private final JsonMapper json;
    private final AlertStore store;
    private final List<SinkQueue> queues;
    private final Function<String, List<RuleFiring>> currentRules;
    private final ScheduledExecutorService thread;
    private final List<String> paths;
    private final List<AlertSink> sinks;

    // Confined to the alerts thread.
    private final Map<String, PathState> announced = new LinkedHashMap<>();
    private final Map<String, Incident> open = new LinkedHashMap<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();
    private long sequence;
    private boolean unsaved;
    private boolean saveQueued;

    private volatile List<Incident> view = List.of();

    /**
     * @param sinks        the queued sinks (webhooks, SNS); the log needs no queue
     * @param currentRules a path's rules in effect now, for repeats
     */
    AlertManager(AlertSettings settings, List<String> paths, List<AlertSink> sinks, Function<String, List<RuleFiring>> currentRules,
            Clock clock, JsonMapper json) {
        this.settings = settings;
        this.paths = List.copyOf(paths);
        this.clock = clock;
        this.json = json;
        this.currentRules = currentRules;
        this.store = new AlertStore(settings.spoolDir(), json);
        List<SinkQueue> q = new ArrayList<>();
        for (AlertSink sink : sinks) {
            q.add(new SinkQueue(sink, new Spool(settings.spoolDir().resolve(sink.name()), settings.spoolLimit()), json,
                    settings.retryInitial(), settings.retryMax()));
        }
        this.queues = List.copyOf(q);
        this.sinks = List.copyOf(sinks);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pathwatch-alerts");
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::restore);
        thread.scheduleWithFixedDelay(this::repeatDue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Touched only on the alerts thread. */
    private boolean repeatFailing;

    // ---- inputs: only enqueue ----

    @Override
    public void stateChanged(PathTransition t) {
        submit(() -> onState(t));
    }

    /** A path's stream hung (called on a probe event loop). */
    void hangStarted(String path, Instant start) {
        submit(() -> onHangStarted(path, start));
    }

    /** The hang ended after {@code durationMs} (called on a probe event loop). */
    void hangEnded(String path, double durationMs) {
        submit(() -> onHangEnded(path, durationMs));
    }

    private void submit(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (Throwable e) { // the executor would swallow it without a word
                    log.error("alert handling failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("alerting has stopped; an event came too late: {}", e.getMessage());
        }
    }

    // ---- the alerts thread ----

    private void restore() {
        AlertStore.Saved saved = store.load();
        sequence = saved.sequence();
        announced.putAll(saved.announced());
        for (Incident i : saved.open()) {
            open.put(key(i.kind(), i.path()), i);
        }
        if (!saved.open().isEmpty()) {
            log.info("{} incident(s) still open from before the restart: {}", saved.open().size(),
                    saved.open().stream().map(i -> i.kind() + " " + i.path()).toList());
        }
        Instant now = clock.instant();
        for (Incident i : saved.open()) {
            if (i.kind() == AlertKind.HANG) {
                emit(i, AlertAction.RESOLVED, null, null, List.of(), List.of(), now, null,
                        AlertText.hang(AlertAction.RESOLVED, i.path(), i.agent(), null, true));
            } else if (!paths.contains(i.path())) {
                // the path is no longer configured: nothing will ever resolve it otherwise
                double ms = Duration.between(i.since(), now).toMillis();
                emit(i, AlertAction.RESOLVED, i.state(), PathState.UNKNOWN, List.of(), List.of(), now, ms,
                        AlertText.state(AlertAction.RESOLVED, i.path(), settings.agent(), i.state(), "UNKNOWN (no longer monitored)", List.of(), List.of(), ms));
                announced.remove(i.path());
            }
        }
        publishView();
    }

    private void onState(PathTransition t) {
        if (t.to() == PathState.UNKNOWN) {
            return;
        }
        // the open incident is what was announced: a path without one was last announced OK
        Incident current = open.get(key(AlertKind.STATE, t.path()));
        PathState before = current != null ? current.state() : PathState.OK;
        PathState from = current != null ? current.state() : announced.containsKey(t.path()) ? announced.get(t.path()) : t.from();
        announced.put(t.path(), t.to());
        if (t.to() == before) {
            if (current != null) {
                open.put(key(AlertKind.STATE, t.path()), with(current, current.state(), t.active(), current.updated(), current.alerts(), current.lastAlert()));
                publishView();
            }
            // no alert: saved with the next tick, not now (every path's first OK at start would
            // otherwise write and fsync the whole state once per path: quadratic in the paths)
            unsaved = true;
            return;
        }
        if (t.to() == PathState.OK) {
            Incident inc = current;
            double ms = Duration.between(inc.since(), t.at()).toMillis();
            emit(inc, AlertAction.RESOLVED, from, t.to(), List.of(), t.cleared(), t.at(), ms,
                    AlertText.state(AlertAction.RESOLVED, t.path(), settings.agent(), from, t.to(), List.of(), t.cleared(), ms));
        } else if (current == null) {
            Incident inc = newIncident(AlertKind.STATE, t.path(), t.to(), t.at());
            emit(inc, AlertAction.RAISED, from, t.to(), t.active(), t.cleared(), t.at(), null,
                    AlertText.state(AlertAction.RAISED, t.path(), settings.agent(), from, t.to(), t.active(), t.cleared(), null));
        } else {
            emit(current, AlertAction.CHANGED, from, t.to(), t.active(), t.cleared(), t.at(), null,
                    AlertText.state(AlertAction.CHANGED, t.path(), settings.agent(), from, t.to(), t.active(), t.cleared(), null));
        }
    }

    private void onHangStarted(String path, Instant start) {
        if (open.containsKey(key(AlertKind.HANG, path))) {
            return;
        }
        Incident inc = newIncident(AlertKind.HANG, path, null, start);
        emit(inc, AlertAction.RAISED, null, null, List.of(), List.of(), clock.instant(), null,
                AlertText.hang(AlertAction.RAISED, path, settings.agent(), null, false));
    }

    private void onHangEnded(String path, double durationMs) {
        Incident inc = open.get(key(AlertKind.HANG, path));
        if (inc == null) {
            return;
        }
        emit(inc, AlertAction.RESOLVED, null, null, List.of(), List.of(), clock.instant(), durationMs,
                AlertText.hang(AlertAction.RESOLVED, path, settings.agent(), durationMs, false));
    }

    /** Announces again every incident open longer than the repeat interval since its last alert. */
    void repeatDue() {
        try {
            saveIfChanged();
            Instant now = clock.instant();
            for (Incident inc : List.copyOf(open.values())) {
                if (Duration.between(inc.updated(), now).compareTo(settings.repeatInterval()) < 0) {
                    continue;
                }
                double ms = Duration.between(inc.since(), now).toMillis();
                if (inc.kind() == AlertKind.STATE) {
                    List<RuleFiring> rules = currentRules.apply(inc.path());
                    emit(inc, AlertAction.REPEATED, inc.state(), inc.state(), rules, List.of(), now, ms,
                            AlertText.state(AlertAction.REPEATED, inc.path(), settings.agent(), inc.state(), inc.state(), rules, List.of(), ms));
                } else {
                    emit(inc, AlertAction.REPEATED, null, null, List.of(), List.of(), now, ms,
                            AlertText.hang(AlertAction.REPEATED, inc.path(), settings.agent(), ms, false));
                }
            }
            repeatFailing = false;
        } catch (Throwable e) { // a periodic task that throws is never run again: log once per streak, keep running
            if (!repeatFailing) {
                repeatFailing = true;
                log.error("repeating open alerts failed (logged once until it works again)", e);
            }
        }
    }

    private Incident newIncident(AlertKind kind, String path, PathState state, Instant since) {
        return new Incident(UUID.randomUUID().toString(), kind, path, settings.agent(), state, true, since, since, null, null, List.of(), 0, null);
    }

    private void emit(Incident inc, AlertAction action, PathState from, PathState to, List<RuleFiring> rules, List<RuleFiring> cleared,
            Instant time, Double durationMs, String text) {
        Alert alert = new Alert(UUID.randomUUID().toString(), inc.id(), ++sequence, inc.kind(), action, inc.path(), settings.agent(),
                from, to, rules, cleared, time, inc.since(), durationMs, text);
        String key = key(inc.kind(), inc.path());
        if (action == AlertAction.RESOLVED) {
            open.remove(key);
            Incident done = new Incident(inc.id(), inc.kind(), inc.path(), inc.agent(), to, false, inc.since(), time, time, durationMs,
                    cleared, inc.alerts() + 1, alert.id());
            resolved.addFirst(done);
            while (resolved.size() > RESOLVED_KEPT) {
                resolved.removeLast();
            }
        } else {
            open.put(key, with(inc, to, rules, time, inc.alerts() + 1, alert.id()));
        }
        // group commit: one save after the events queued now (5,000 paths going DOWN together are one
        // write, not 5,000 growing ones); at most that queue's worth of alerts is at stake in a hard kill
        unsaved = true;
        if (!saveQueued) {
            saveQueued = true;
            try {
                thread.execute(this::saveIfChanged);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                saveIfChanged();
            }
        }
        logAlert(alert);
        queues.forEach(q -> q.offer(alert));
        publishView();
    }

    private static Incident with(Incident i, PathState state, List<RuleFiring> rules, Instant updated, int alerts, String lastAlert) {
        return new Incident(i.id(), i.kind(), i.path(), i.agent(), state, true, i.since(), updated, null, null, rules, alerts, lastAlert);
    }

    private void logAlert(Alert alert) {
        String line;
        try {
            line = json.writeValueAsString(alert);
        } catch (RuntimeException e) {
            line = alert.toString();
        }
        var event = alert.action() == AlertAction.RESOLVED ? alertLog.atInfo() : alertLog.atWarn();
        event.addKeyValue("alert_id", alert.id()).addKeyValue("incident", alert.incident()).addKeyValue("kind", alert.kind())
                .addKeyValue("action", alert.action()).addKeyValue("path", alert.path()).addKeyValue("agent", alert.agent())
                .addKeyValue("from", alert.from()).addKeyValue("to", alert.to())
                .log("{} {}", alert.text(), line);
    }

    private AlertStore.Saved saved() {
        return new AlertStore.Saved(sequence, announced, List.copyOf(open.values()));
    }

    private void publishView() {
        List<Incident> all = new ArrayList<>(open.values());
        all.sort(Comparator.comparing(Incident::updated).reversed());
        all.addAll(resolved);
        view = List.copyOf(all);
    }

    private static String key(AlertKind kind, String path) {
        return kind + ":" + path;
    }

    // ---- queries ----

    /** Open incidents (latest first), then resolved ones (latest first, the last 1000). */
    public List<Incident> incidents() {
        return view;
    }

    /** Per queued sink: alerts waiting, delivered, failed attempts, dropped. */
    public Map<String, Map<String, Object>> sinks() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (SinkQueue q : queues) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pending", q.pending());
            m.put("delivered", q.delivered());
            m.put("failedAttempts", q.attemptsFailed());
            m.put("dropped", q.dropped());
            m.put("lastError", q.lastError());
            out.put(q.name(), m);
        }
        return out;
    }

    /** A save that failed stays due: the next tick tries again. */
    private void saveIfChanged() {
        saveQueued = false;
        if (unsaved) {
            unsaved = !store.save(saved());
        }
    }

    /** Waits until every event handed in so far has been turned into alerts and saved (tests, shutdown). */
    void drain() {
        try {
            thread.submit(this::saveIfChanged).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("alerts thread did not drain: {}", e.toString());
        }
    }

    /** At shutdown the queues get this long, together, to deliver what is pending; the rest stays spooled. */
    static final Duration FLUSH = Duration.ofSeconds(3);

    @Override
    public void close() {
        drain();
        thread.shutdownNow();
        long deadline = System.currentTimeMillis() + FLUSH.toMillis();
        queues.forEach(q -> q.flush(deadline));
        queues.forEach(q -> {
            if (q.pending() > 0) {
                log.info("alert sink {}: {} alert(s) not delivered before shutdown; spooled for the next start", q.name(), q.pending());
            }
            q.close(Duration.ofSeconds(1));
        });
        for (AlertSink sink : sinks) {
            if (sink instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("closing alert sink {}: {}", sink.name(), e.toString());
                }
            }
        }
    }
}
