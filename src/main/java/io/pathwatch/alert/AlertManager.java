package io.pathwatch.alert;

import io.pathwatch.health.HealthListener;
import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.health.RuleFiring;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns state changes, hangs and the agent's own conditions into alerts and hands them to the
 * sinks. Everything happens on one thread of its own ({@code pathwatch-alerts}): the stats thread
 * and the probe event loops only put events in a bounded {@link AlertInbox}.
 *
 * <p>An incident opens when a path leaves OK, when its stream first hangs, or when a condition of
 * the agent holds; it is resolved exactly once. DEGRADED ↔ DOWN is a change within it; further
 * hangs update it without paging; every {@code repeatInterval} it is announced again. The cause of
 * a hang, which comes later than the hang (it waits for the responder's view), updates its incident
 * without paging either: it shows in the incident, in the log and in the incident's next alert.
 *
 * <p>Every alert goes to the log at once. The sinks get it through their spools, written in
 * batches: one write of the state file and one spool batch per sink at most once a second (a
 * storm of 500 paths going DOWN is a handful of fsyncs, not thousands). An alert is accepted once
 * its batch is durable; the state file is written first and names the batch (its outbox), so a
 * crash in between spools it again at the next start.
 */
public final class AlertManager implements HealthListener, PathLifecycle, AutoCloseable {

    /** The structured log of alerts: one line per alert, its JSON, plus key-value pairs. */
    private static final Logger alertLog = LoggerFactory.getLogger("pathwatch.alerts");
    private static final Logger log = LoggerFactory.getLogger(AlertManager.class);
    private static final int RESOLVED_KEPT = 1000;
    private static final long TICK_MILLIS = 1000;
    /** Under a storm, the state file and each spool are written at most this often. */
    static final long COMMIT_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * A write with no alert in it (a state confirmed, a hang counted, the outbox emptied) waits this long
     * after the last: it is not urgent, and a write just before an alert would hold that alert back a second.
     */
    static final long QUIET_GAP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** An agent condition pages once it has held this long, and resolves after this long without it. */
    static final Duration AGENT_RAISE_AFTER = Duration.ofSeconds(30);
    static final Duration AGENT_CLEAR_AFTER = Duration.ofSeconds(60);
    /** Two reports of one hang's start on the wall clock are at most this far apart; hangs of two incidents are hang-quiet apart. */
    static final Duration SAME_HANG = Duration.ofSeconds(1);
    /** The end of a raise's text that a silence held back. */
    static final String HELD_BACK = " (held back by a silence until now)";
    /** A sink's spool this full is an agent condition. */
    static final double SPOOL_NEARLY_FULL = 0.8;

    /** Replaced by a reload (repeat interval, quiet time, configured silences, sinks); read on the alerts thread. */
    private volatile AlertSettings settings;
    private final Clock clock;
    private final JsonMapper json;
    private final AlertStore store;
    /** Replaced on the alerts thread when a reload changes the sinks; read anywhere. */
    private volatile List<SinkQueue> queues;
    private final Function<String, List<RuleFiring>> currentRules;
    private final Supplier<Map<String, String>> agentConditions;
    private final ScheduledExecutorService thread;
    private final List<String> paths;
    /** Open incidents of paths unknown at start-up, kept this long for discovery to find them again; ZERO resolves them at once. */
    private final Duration orphanGrace;
    private volatile List<AlertSink> sinks;
    private final AlertInbox inbox;
    private final List<Silence> apiSilences = new CopyOnWriteArrayList<>();
    private final AtomicBoolean testRunning = new AtomicBoolean();
    private final List<java.util.function.Consumer<Set<String>>> sinksChanged = new CopyOnWriteArrayList<>();
    /** One test alert per 10 s at most. Guarded by {@link #testRunning}. */
    private long lastTestNanos;
    static final long TEST_GAP_NANOS = TimeUnit.SECONDS.toNanos(10);

    // Confined to the alerts thread.
    /** The paths measured now: hang reports of any other (a removed path's stream, stopping) are ignored. */
    private final Set<String> tracked = new java.util.HashSet<>();
    /** Paths with an incident from before the restart that are not configured (yet), and when they are given up. */
    private final Map<String, Instant> orphans = new LinkedHashMap<>();
    private final Map<String, PathState> announced = new LinkedHashMap<>();
    private final Map<String, Incident> open = new LinkedHashMap<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();
    private final List<Alert> batch = new ArrayList<>();
    private final Map<String, Instant> conditionSince = new HashMap<>();
    private final Map<String, Instant> conditionClearSince = new HashMap<>();
    private long sequence;
    private boolean unsaved;
    /** nanoTime of the earliest commit scheduled; MAX_VALUE for none. */
    private long commitDue = Long.MAX_VALUE;
    private long lastCommitNanos;
    private boolean tickFailing;
    private long mergedLogged;
    private boolean viewStale;

    private volatile List<Incident> view = List.of();

    /**
     * @param sinks           the queued sinks (webhooks, SNS); the log needs no queue
     * @param currentRules    a path's rules in effect now, for repeats
     * @param agentConditions the agent's own conditions that hold now, each with its detail
     */
    AlertManager(AlertSettings settings, List<String> paths, List<AlertSink> sinks, Function<String, List<RuleFiring>> currentRules,
            Supplier<Map<String, String>> agentConditions, Clock clock, JsonMapper json) {
        this(settings, paths, sinks, currentRules, agentConditions, clock, json, Duration.ZERO);
    }

    /**
     * @param orphanGrace how long an open incident of a path not configured at start-up stays open,
     *                    waiting for discovery to find its path again (a restart must not page an
     *                    all-clear for a path that is still down)
     */
    AlertManager(AlertSettings settings, List<String> paths, List<AlertSink> sinks, Function<String, List<RuleFiring>> currentRules,
            Supplier<Map<String, String>> agentConditions, Clock clock, JsonMapper json, Duration orphanGrace) {
        this.settings = settings;
        this.paths = List.copyOf(paths);
        this.orphanGrace = orphanGrace;
        // before any task is submitted (they see what the constructor wrote), and even if restoring the state fails
        tracked.addAll(this.paths);
        this.clock = clock;
        // a field added later (a count, a flag) is absent from older state and spool files: it takes its default
        json = json.rebuild().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        this.json = json;
        this.currentRules = currentRules;
        this.agentConditions = agentConditions;
        this.store = new AlertStore(settings.spoolDir(), json);
        this.inbox = new AlertInbox(settings.inboxCapacity());
        AlertStore.Saved saved = store.load();
        List<SinkQueue> q = new ArrayList<>();
        for (AlertSink sink : sinks) {
            SinkQueue queue = new SinkQueue(sink, new Spool(settings.spoolDir().resolve(sink.name()), settings.spoolLimit()), json,
                    settings.retryInitial(), settings.retryMax());
            queue.recover(saved.outbox()); // before it delivers anything: what is in its spool now is what it has
            queue.start();
            q.add(queue);
        }
        this.queues = List.copyOf(q);
        this.sinks = List.copyOf(sinks);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pathwatch-alerts");
            t.setDaemon(true);
            return t;
        });
        thread.execute(() -> {
            try {
                restore(saved);
            } catch (Throwable e) { // the executor would swallow it without a word
                log.error("restoring the alert state failed; alerting goes on from nothing", e);
            }
        });
        thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    AlertManager(AlertSettings settings, List<String> paths, List<AlertSink> sinks, Function<String, List<RuleFiring>> currentRules,
            Clock clock, JsonMapper json) {
        this(settings, paths, sinks, currentRules, Map::of, clock, json);
    }

    // ---- inputs: only enqueue ----

    @Override
    public void stateChanged(PathTransition t) {
        offer(new AlertEvent.StateChange(t, 0));
    }

    /** A path's stream hung (called on a probe event loop). */
    void hangStarted(String path, Instant start) {
        offer(AlertEvent.Hangs.start(path, start));
    }

    /** The hang ended after {@code durationMs} (called on a probe event loop). */
    void hangEnded(String path, double durationMs) {
        offer(AlertEvent.Hangs.end(path, durationMs));
    }

    /**
     * Where a hang's stall was (called on a probe event loop).
     *
     * @param show whether the incident shows it from now on; if not, it only counts (a settled cause of an earlier hang)
     */
    void stallAttributed(String path, StallAttribution attribution, boolean show) {
        offer(AlertEvent.Attributed.of(path, attribution, show));
    }

    /**
     * A path left the configuration: its open incidents resolve now, saying why, since nothing
     * else ever would. Runs on the alerts thread after every event of the path handed in before.
     */
    @Override
    public void pathRemoved(PathSpec path, String reason) {
        submit(() -> {
            tracked.remove(path.name());
            resolveRemoved(path.name(), reason);
        });
    }

    @Override
    public void pathAdded(PathSpec path) {
        submit(() -> {
            tracked.add(path.name());
            if (orphans.remove(path.name()) != null) {
                log.info("path {} is back (found by discovery): its incident from before the restart stays open", path.name());
            }
        });
    }

    /**
     * The path is measured anew (new target or probe settings), yet it is the same path: its
     * incidents stay open, and health judges them again from its next windows. Its old stream
     * closed, so a hang it was in is over: the incident resolves after the quiet time unless the
     * new stream hangs too.
     */
    @Override
    public void pathRestarted(PathSpec was, PathSpec now, String reason) {
        submit(() -> {
            Incident hang = open.get(key(AlertKind.HANG, now.name()));
            if (hang != null && hang.hanging()) {
                open.put(key(AlertKind.HANG, now.name()), hang.withHangs(hang.hangs(), hang.longestHangMs(), hang.totalHangMs(), false,
                        clock.instant()));
                unsaved = true;
                publishView();
            }
        });
    }

    private void resolveRemoved(String path, String reason) {
        Instant now = clock.instant();
        Incident state = open.get(key(AlertKind.STATE, path));
        if (state != null) {
            double ms = Duration.between(state.since(), now).toMillis();
            emit(state.withState(PathState.UNKNOWN, List.of()), AlertAction.RESOLVED, state.state(), PathState.UNKNOWN, List.of(), now, ms,
                    AlertText.state(AlertAction.RESOLVED, path, settings.agent(), state.state(), "UNKNOWN (" + reason + ")", List.of(), List.of(),
                            ms));
        }
        Incident hang = open.get(key(AlertKind.HANG, path));
        if (hang != null) {
            Incident ended = hang.withHangs(hang.hangs(), hang.longestHangMs(), hang.totalHangMs(), false, now);
            double ms = Duration.between(hang.since(), now).toMillis();
            emit(ended, AlertAction.RESOLVED, null, null, List.of(), now, ms, AlertText.hang(AlertAction.RESOLVED, ended, now) + " (" + reason + ")");
        }
        announced.remove(path);
        rebuildView();
    }

    /**
     * Applies a reload's alert settings: repeat interval, hang quiet time, configured silences,
     * retry times and the sinks. A sink that is gone stops delivering; what it had not delivered
     * stays in its spool directory (and goes out if a sink of that name comes back). A sink whose
     * settings changed starts again on the same spool, so nothing it held is lost. The agent name,
     * spool directory and spool limit need a restart and are not taken from {@code next}.
     */
    public void reconfigure(AlertSettings next) {
        reconfigure(next, sinks(next, json));
    }

    /** The queued sinks the settings name: each webhook, then SNS. */
    static List<AlertSink> sinks(AlertSettings settings, JsonMapper json) {
        List<AlertSink> out = new ArrayList<>();
        settings.webhooks().forEach(w -> out.add(new WebhookSink(w, json)));
        if (settings.sns() != null) {
            out.add(new SnsSink(settings.sns(), json));
        }
        return out;
    }

    void reconfigure(AlertSettings next, List<AlertSink> nextSinks) {
        submit(() -> {
            try {
                applySinks(next, nextSinks);
            } catch (RuntimeException e) { // the executor would swallow it: the sinks stay as they were, and that is said
                log.error("alert settings could not be applied; the sinks and settings before the reload stay", e);
                nextSinks.forEach(AlertManager::closeQuietly);
            }
        });
    }

    /**
     * On the alerts thread. New queues are built first (a spool that cannot be opened stops the
     * change before anything was closed); a sink whose settings changed keeps its queue, spool
     * and thread and only delivers through the new settings from its next attempt (no second
     * queue ever reads its spool); a removed sink's queue stops, its spool stays on disk.
     */
    private void applySinks(AlertSettings next, List<AlertSink> nextSinks) {
        AlertSettings was = settings;
        List<SinkQueue> current = queues;
        Map<String, SinkQueue> byName = new LinkedHashMap<>();
        current.forEach(q -> byName.put(q.name(), q));
        Map<String, SinkQueue> added = new LinkedHashMap<>();
        try {
            for (AlertSink sink : nextSinks) {
                if (!byName.containsKey(sink.name())) {
                    added.put(sink.name(), new SinkQueue(sink, new Spool(was.spoolDir().resolve(sink.name()), was.spoolLimit()), json,
                            next.retryInitial(), next.retryMax()));
                }
            }
        } catch (RuntimeException e) {
            added.values().forEach(q -> q.close(Duration.ZERO));
            throw e;
        }
        settings = new AlertSettings(was.agent(), next.repeatInterval(), was.spoolDir(), was.spoolLimit(), next.retryInitial(), next.retryMax(),
                next.webhooks(), next.sns(), next.hangQuiet(), next.silences(), was.inboxCapacity());
        List<SinkQueue> kept = new ArrayList<>();
        List<AlertSink> keptSinks = new ArrayList<>();
        for (AlertSink sink : nextSinks) {
            SinkQueue q = byName.remove(sink.name());
            if (q == null) {
                q = added.get(sink.name()).start();
                log.info("alert sink {} added by a reload", sink.name());
            } else if (sink.sameAs(q.sink()) && was.retryInitial().equals(next.retryInitial()) && was.retryMax().equals(next.retryMax())) {
                closeQuietly(sink); // built for the comparison; the running one stays
            } else {
                q.use(sink, next.retryInitial(), next.retryMax());
                log.info("alert sink {} changed by a reload: it delivers with its new settings from its next attempt ({} alert(s) pending)",
                        sink.name(), q.pending());
            }
            kept.add(q);
            keptSinks.add(q.sink());
        }
        for (SinkQueue gone : byName.values()) {
            int pending = gone.pending();
            gone.close(Duration.ofSeconds(1));
            closeQuietly(gone.sink());
            log.warn("alert sink {} removed by a reload: {} undelivered alert(s) stay in {} (sent if a sink of that name returns)", gone.name(),
                    pending, was.spoolDir().resolve(gone.name()));
        }
        queues = List.copyOf(kept);
        sinks = List.copyOf(keptSinks);
        Set<String> names = new java.util.LinkedHashSet<>();
        kept.forEach(q -> names.add(q.name()));
        sinksChanged.forEach(l -> l.accept(names));
    }

    /** Told the sinks' names after a reload changed them (the meters follow). */
    void onSinksChanged(java.util.function.Consumer<Set<String>> listener) {
        sinksChanged.add(listener);
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

    private void offer(AlertEvent event) {
        if (inbox.offer(event)) {
            try {
                thread.execute(this::drainInbox);
            } catch (RejectedExecutionException e) {
                log.warn("alerting has stopped; an event came too late: {}", event);
            }
        }
    }

    // ---- the alerts thread ----

    private void restore(AlertStore.Saved saved) {
        warmUp();
        sequence = saved.sequence();
        announced.putAll(saved.announced());
        Instant now = clock.instant();
        for (Incident i : saved.open()) {
            // a hang going on when the agent stopped: its end was not seen; quiet is counted from now
            open.put(key(i.kind(), i.path()), i.kind() == AlertKind.HANG ? i.withHangs(i.hangs(), i.longestHangMs(), i.totalHangMs(), false, now) : i);
        }
        apiSilences.addAll(saved.silences().stream().filter(s -> !s.over(now)).toList());
        unsaved = !saved.outbox().isEmpty(); // recovered into the spools: the outbox is written empty again
        if (!saved.open().isEmpty()) {
            log.info("{} incident(s) still open from before the restart: {}", saved.open().size(),
                    saved.open().stream().map(i -> i.kind() + " " + i.path()).toList());
        }
        for (Incident i : saved.open()) {
            if (i.kind() == AlertKind.STATE && !tracked.contains(i.path())) {
                if (orphanGrace.isZero()) {
                    resolveOrphan(i, now);
                } else {
                    orphans.put(i.path(), now.plus(orphanGrace));
                }
            }
        }
        if (!orphans.isEmpty()) {
            log.info("open incident(s) of path(s) not configured now, kept {} for discovery to find them again: {}", orphanGrace, orphans.keySet());
        }
        publishView();
        rebuildView();
        commitSoon();
    }

    /** The path is no longer configured: nothing will ever resolve its incident otherwise. */
    private void resolveOrphan(Incident i, Instant now) {
        double ms = Duration.between(i.since(), now).toMillis();
        emit(i.withState(PathState.UNKNOWN, List.of()), AlertAction.RESOLVED, i.state(), PathState.UNKNOWN, List.of(), now, ms,
                AlertText.state(AlertAction.RESOLVED, i.path(), settings.agent(), i.state(), "UNKNOWN (no longer monitored)", List.of(),
                        List.of(), ms));
        announced.remove(i.path());
    }

    /** Builds the JSON (de)serializers now: the first alert of a storm must not pay for them (hundreds of ms, measured). */
    private void warmUp() {
        try {
            Instant now = clock.instant();
            Alert sample = new Alert("warm-up", "warm-up", 0, AlertKind.STATE, AlertAction.RAISED, "warm-up", settings.agent(), PathState.OK,
                    PathState.DOWN, List.of(), List.of(), now, now, null, null, null, null, null, false, "warm-up");
            json.readValue(json.writeValueAsBytes(sample), Alert.class);
            json.writeValueAsBytes(saved(List.of(sample)));
        } catch (RuntimeException e) {
            log.debug("warming up the alert JSON failed", e);
        }
    }

    private void drainInbox() {
        try {
            for (AlertEvent e : inbox.drain()) {
                try {
                    if (e instanceof AlertEvent.StateChange s) {
                        onState(s);
                    } else if (e instanceof AlertEvent.Hangs h) {
                        onHangs(h);
                    } else if (e instanceof AlertEvent.Attributed a) {
                        onAttributed(a);
                    }
                } catch (RuntimeException | StackOverflowError failed) { // one bad event must not take the rest of the batch with it
                    log.error("alert handling failed for {}", e, failed);
                }
            }
            long merged = inbox.merged();
            if (merged > mergedLogged) {
                log.warn("alerting fell behind: {} queued event(s) merged with others of their path so far (none dropped, no resolve lost)",
                        merged);
                mergedLogged = merged;
            }
            rebuildView();
            commitSoon();
        } catch (Throwable e) { // the executor would swallow it without a word
            log.error("alert handling failed", e);
        }
    }

    private void onState(AlertEvent.StateChange event) {
        PathTransition t = event.transition();
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
                open.put(key(AlertKind.STATE, t.path()), current.withState(current.state(), t.active()));
                publishView();
            }
            unsaved = true; // no alert: written with the next commit
            return;
        }
        String flaps = event.merged() > 0 ? " (" + event.merged() + " flap(s) merged while alerting was behind)" : "";
        if (t.to() == PathState.OK) {
            double ms = Duration.between(current.since(), t.at()).toMillis();
            emit(current.withState(t.to(), List.of()), AlertAction.RESOLVED, from, t.to(), t.cleared(), t.at(), ms,
                    AlertText.state(AlertAction.RESOLVED, t.path(), settings.agent(), from, t.to(), List.of(), t.cleared(), ms) + flaps);
        } else if (current == null) {
            Incident inc = Incident.opened(UUID.randomUUID().toString(), AlertKind.STATE, t.path(), settings.agent(), t.to(), t.at())
                    .withState(t.to(), t.active());
            emit(inc, AlertAction.RAISED, from, t.to(), t.cleared(), t.at(), null,
                    AlertText.state(AlertAction.RAISED, t.path(), settings.agent(), from, t.to(), t.active(), t.cleared(), null) + flaps);
        } else {
            emit(current.withState(t.to(), t.active()), AlertAction.CHANGED, from, t.to(), t.cleared(), t.at(), null,
                    AlertText.state(AlertAction.CHANGED, t.path(), settings.agent(), from, t.to(), t.active(), t.cleared(), null) + flaps);
        }
    }

    private void onHangs(AlertEvent.Hangs h) {
        if (!tracked.contains(h.path())) {
            return; // the last words of a removed path's stream
        }
        String k = key(AlertKind.HANG, h.path());
        Incident inc = open.get(k);
        Instant now = clock.instant();
        if (inc == null) {
            if (h.started() == 0) {
                return; // the end of a hang whose incident is gone (resolved before a restart)
            }
            Incident raised = Incident.opened(UUID.randomUUID().toString(), AlertKind.HANG, h.path(), settings.agent(), null, h.firstStart())
                    .withHangs(h.started(), h.ended() > 0 ? h.longestMs() : null, h.totalMs(), h.hanging(), now);
            emit(raised, AlertAction.RAISED, null, null, List.of(), now, null, AlertText.hang(AlertAction.RAISED, raised, now));
            return;
        }
        boolean hanging = h.started() > 0 ? h.hanging() : inc.hanging() && h.ended() == 0;
        Double longest = h.ended() == 0 ? inc.longestHangMs() : Math.max(inc.longestHangMs() == null ? 0 : inc.longestHangMs(), h.longestMs());
        double total = (inc.totalHangMs() == null ? 0 : inc.totalHangMs()) + h.totalMs();
        open.put(k, inc.withHangs(inc.hangs() + h.started(), longest, total, hanging, now));
        unsaved = true;
        publishView();
    }

    /**
     * A cause for the open hang incident: shown and counted, logged, never paged on its own. Alerts
     * of the incident still waiting in the batch (not yet written for the sinks) take it: a raise
     * held by a storm's commit gap goes out with the cause that came meanwhile.
     */
    private void onAttributed(AlertEvent.Attributed a) {
        String k = key(AlertKind.HANG, a.path());
        Incident inc = open.get(k);
        if (inc == null) {
            return; // a cause alone raises nothing; its incident resolved (or a restart forgot its hang)
        }
        // a hang that began before the incident belongs to one already resolved (epoch times of one hang may differ by a hair)
        Instant before = inc.since().minus(SAME_HANG);
        Incident updated = inc;
        if (!a.settled().isEmpty() && !a.newestSettled().isBefore(before)) {
            updated = updated.withCausesCounted(a.settled());
        }
        StallAttribution shown = a.shown();
        boolean showIt = shown != null && !AlertEvent.Attributed.start(shown).isBefore(before);
        if (showIt) {
            updated = updated.withCause(shown.cause().key(), shown.sentence(), shown.open(),
                    shown.evidence().stream().map(StallEvidence::toString).toList(), shown.missing());
        }
        if (updated.equals(inc)) {
            return;
        }
        open.put(k, updated);
        unsaved = true;
        publishView();
        if (showIt && (shown.settled() || !inc.causeProvisional() || !shown.cause().key().equals(inc.cause()))) {
            logCause(updated); // once per hang settled, and when the open hang's view first appears or changes its mind
        }
        for (int i = 0; i < batch.size(); i++) {
            Alert waiting = batch.get(i);
            if (waiting.incident().equals(updated.id())) {
                String held = waiting.text().endsWith(HELD_BACK) ? HELD_BACK : "";
                batch.set(i, waiting.withCause(updated, AlertText.hang(waiting.action(), updated, waiting.time()) + held));
            }
        }
    }

    private void logCause(Incident inc) {
        alertLog.atInfo().addKeyValue("incident", inc.id()).addKeyValue("kind", AlertKind.HANG).addKeyValue("action", "CAUSE")
                .addKeyValue("path", inc.path()).addKeyValue("agent_name", inc.agent()).addKeyValue("cause", inc.cause())
                .addKeyValue("cause_provisional", inc.causeProvisional()).addKeyValue("evidence", inc.evidence()).addKeyValue("causes", inc.causes())
                .log("[HANG CAUSE] path {} (agent {}): {}{}{}", inc.path(), inc.agent(), inc.causeSentence(),
                        inc.causeProvisional() ? " (provisional: the hang is still open)" : "",
                        inc.missing() == null || inc.missing().isEmpty() ? "" : " (missing: " + inc.missing() + ")");
    }

    /** Once a second: repeats, quiet hangs, the agent's conditions, pages held back by a silence that ended, and the commit. */
    private void tick() {
        try {
            Instant now = clock.instant();
            for (Map.Entry<String, Instant> o : List.copyOf(orphans.entrySet())) {
                Incident inc = open.get(key(AlertKind.STATE, o.getKey()));
                if (inc == null) {
                    orphans.remove(o.getKey());
                } else if (!now.isBefore(o.getValue())) {
                    orphans.remove(o.getKey());
                    resolveOrphan(inc, now);
                }
            }
            for (Incident inc : List.copyOf(open.values())) {
                if (inc.kind() == AlertKind.HANG && !inc.hanging() && Duration.between(inc.lastHangAt(), now).compareTo(settings.hangQuiet()) >= 0) {
                    double ms = Duration.between(inc.since(), inc.lastHangAt()).toMillis();
                    emit(inc, AlertAction.RESOLVED, null, null, List.of(), now, ms, AlertText.hang(AlertAction.RESOLVED, inc, now));
                } else if (!inc.paged() && silence(inc.path(), now).isEmpty() && inc.kind() != AlertKind.AGENT) {
                    pageAfterSilence(inc, now);
                } else if (inc.kind() == AlertKind.STATE && inc.paged() && inc.pagedState() != null && inc.pagedState() != inc.state()
                        && silence(inc.path(), now).isEmpty()) {
                    // it changed while silenced: the sinks still believe the state they were last told
                    emit(inc, AlertAction.CHANGED, inc.pagedState(), inc.state(), List.of(), now, null,
                            AlertText.state(AlertAction.CHANGED, inc.path(), settings.agent(), inc.pagedState(), inc.state(), inc.rules(), List.of(),
                                    null) + " (changed during a silence)");
                } else if (Duration.between(inc.updated(), now).compareTo(settings.repeatInterval()) >= 0) {
                    repeat(inc, now);
                }
            }
            queues.forEach(q -> {
                if (q.unspooled() > 0) {
                    q.offerAll(List.of()); // retries what a failed spool write left in memory
                }
            });
            judgeAgent(now);
            tickFailing = false;
        } catch (Throwable e) { // a periodic task that throws is never run again: log once per streak, keep running
            if (!tickFailing) {
                tickFailing = true;
                log.error("the alerts' periodic work failed (logged once until it works again)", e);
            }
        }
        try {
            rebuildView();
            commitSoon();
        } catch (Throwable e) {
            log.error("committing alerts failed", e);
        }
    }

    /** Runs the periodic work now, on the alerts thread, and waits for it (tests). */
    void tickNow() {
        try {
            thread.submit(this::tick).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the alerts thread did not tick", e);
        }
    }

    private void repeat(Incident inc, Instant now) {
        double ms = Duration.between(inc.since(), now).toMillis();
        switch (inc.kind()) {
            case STATE -> {
                List<RuleFiring> rules = currentRules.apply(inc.path());
                emit(inc.withState(inc.state(), rules), AlertAction.REPEATED, inc.state(), inc.state(), List.of(), now, ms,
                        AlertText.state(AlertAction.REPEATED, inc.path(), settings.agent(), inc.state(), inc.state(), rules, List.of(), ms));
            }
            case HANG -> emit(inc, AlertAction.REPEATED, null, null, List.of(), now, ms, AlertText.hang(AlertAction.REPEATED, inc, now));
            case AGENT -> emit(inc, AlertAction.REPEATED, null, null, List.of(), now, ms,
                    AlertText.agent(AlertAction.REPEATED, inc.path(), settings.agent(), inc.detail(), ms));
            default -> {
            }
        }
    }

    /** A silence held back an incident's raise and is over while it is still open: page it now. */
    private void pageAfterSilence(Incident inc, Instant now) {
        String text = switch (inc.kind()) {
            case STATE -> AlertText.state(AlertAction.RAISED, inc.path(), settings.agent(), PathState.OK, inc.state(), inc.rules(), List.of(), null);
            case HANG -> AlertText.hang(AlertAction.RAISED, inc, now);
            default -> inc.path();
        };
        emit(inc, AlertAction.RAISED, inc.kind() == AlertKind.STATE ? PathState.OK : null, inc.state(), List.of(), now, null,
                text + HELD_BACK);
    }

    private void judgeAgent(Instant now) {
        Map<String, String> active = new LinkedHashMap<>(agentConditions.get());
        for (SinkQueue q : queues) {
            if (q.unspooled() > 0) {
                active.merge("spool", "alert sink " + q.name() + " cannot write " + q.unspooled() + " alert(s) to its spool (kept in memory, retried)",
                        (a, b) -> a + "; " + b);
            }
            if (q.nearlyFull(SPOOL_NEARLY_FULL)) {
                active.merge("spool", "alert sink " + q.name() + " holds " + q.pending() + " undelivered alerts of at most " + q.limit()
                        + " (the oldest are dropped beyond)", (a, b) -> a + "; " + b);
            }
        }
        conditionSince.keySet().retainAll(active.keySet());
        for (Map.Entry<String, String> c : active.entrySet()) {
            conditionClearSince.remove(c.getKey());
            Instant since = conditionSince.computeIfAbsent(c.getKey(), k -> now);
            Incident inc = open.get(key(AlertKind.AGENT, c.getKey()));
            if (inc != null) {
                if (!c.getValue().equals(inc.detail())) {
                    open.put(key(AlertKind.AGENT, c.getKey()), inc.withDetail(c.getValue()));
                    publishView();
                }
            } else if (Duration.between(since, now).compareTo(AGENT_RAISE_AFTER) >= 0) {
                Incident raised = Incident.opened(UUID.randomUUID().toString(), AlertKind.AGENT, c.getKey(), settings.agent(), null, since)
                        .withDetail(c.getValue());
                emit(raised, AlertAction.RAISED, null, null, List.of(), now, null,
                        AlertText.agent(AlertAction.RAISED, c.getKey(), settings.agent(), c.getValue(), null));
            }
        }
        for (Incident inc : List.copyOf(open.values())) {
            if (inc.kind() != AlertKind.AGENT || active.containsKey(inc.path())) {
                continue;
            }
            Instant clear = conditionClearSince.computeIfAbsent(inc.path(), k -> now);
            if (Duration.between(clear, now).compareTo(AGENT_CLEAR_AFTER) >= 0) {
                conditionClearSince.remove(inc.path());
                double ms = Duration.between(inc.since(), clear).toMillis();
                emit(inc, AlertAction.RESOLVED, null, null, List.of(), now, ms,
                        AlertText.agent(AlertAction.RESOLVED, inc.path(), settings.agent(), inc.detail(), ms));
            }
        }
    }

    /**
     * Makes one alert of an incident (already updated by the caller): logged now; on its way to the
     * sinks with the next commit unless a silence holds it back. A resolve goes wherever its raise went.
     */
    private void emit(Incident inc, AlertAction action, PathState from, PathState to, List<RuleFiring> cleared, Instant time,
            Double durationMs, String text) {
        boolean toSinks = action == AlertAction.RESOLVED ? inc.paged()
                : inc.kind() == AlertKind.AGENT || silence(inc.path(), time).isEmpty();
        if (toSinks && !inc.paged() && action != AlertAction.RESOLVED && action != AlertAction.RAISED) {
            // the sinks never heard of this incident (its raise was silenced): for them this is its raise
            action = AlertAction.RAISED;
            from = inc.kind() == AlertKind.STATE ? PathState.OK : from;
            text = (inc.kind() == AlertKind.STATE
                    ? AlertText.state(AlertAction.RAISED, inc.path(), settings.agent(), from, to, inc.rules(), cleared, null)
                    : AlertText.hang(AlertAction.RAISED, inc, time)) + HELD_BACK;
        } else if (toSinks && inc.kind() == AlertKind.STATE && action == AlertAction.CHANGED && inc.pagedState() != null && inc.pagedState() != from) {
            // a change right after a silence: from what the sinks were last told
            from = inc.pagedState();
            text = AlertText.state(AlertAction.CHANGED, inc.path(), settings.agent(), from, to, inc.rules(), cleared, null);
        }
        String id = UUID.randomUUID().toString();
        Alert alert = new Alert(id, inc.id(), ++sequence, inc.kind(), action, inc.path(), settings.agent(), from, to, inc.rules(), cleared, time,
                inc.since(), durationMs, inc.kind() == AlertKind.HANG ? inc.hangs() : null, inc.longestHangMs(), inc.totalHangMs(),
                inc.detail(), !toSinks, toSinks ? text : text + " [silenced]", inc.cause(), inc.causeSentence(), inc.causeProvisional(), inc.causes(),
                inc.evidence(), inc.missing());
        String key = key(inc.kind(), inc.path());
        Incident after = inc.alerted(time, id, toSinks);
        if (action == AlertAction.RESOLVED) {
            open.remove(key);
            resolved.addFirst(after.closed(time, durationMs));
            while (resolved.size() > RESOLVED_KEPT) {
                resolved.removeLast();
            }
        } else {
            open.put(key, after);
        }
        unsaved = true;
        logAlert(alert);
        if (toSinks) {
            batch.add(alert);
        }
        publishView();
    }

    /** The silence holding {@code path} at {@code t}, if any. */
    private Optional<Silence> silence(String path, Instant t) {
        for (Silence s : settings.silences()) {
            if (s.covers(path) && s.activeAt(t)) {
                return Optional.of(s);
            }
        }
        for (Silence s : apiSilences) {
            if (s.covers(path) && s.activeAt(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Writes state and spools now, or once a second has passed since the last write. */
    private void commitSoon() {
        if (batch.isEmpty() && !unsaved) {
            return;
        }
        long gap = batch.isEmpty() ? QUIET_GAP_NANOS : COMMIT_GAP_NANOS;
        long wait = lastCommitNanos == 0 ? 0 : lastCommitNanos + gap - System.nanoTime();
        if (wait <= 0) {
            commit();
            return;
        }
        long deadline = System.nanoTime() + wait;
        if (deadline < commitDue) { // an alert must not wait behind a quiet write scheduled for later
            commitDue = deadline;
            try {
                thread.schedule(() -> {
                    if (commitDue == deadline) {
                        commitDue = Long.MAX_VALUE;
                    }
                    commitSoon();
                }, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                commitDue = Long.MAX_VALUE;
                commit();
            }
        }
    }

    /** The state file (naming the batch), then the batch into every spool. A failed state write is retried; the alerts go on. */
    private void commit() {
        lastCommitNanos = System.nanoTime();
        List<Alert> fresh = List.copyOf(batch);
        batch.clear();
        // the outbox: this batch and whatever a failed spool write still holds in memory
        Map<String, Alert> outbox = new LinkedHashMap<>();
        queues.forEach(q -> q.unwritten().forEach(a -> outbox.putIfAbsent(a.id(), a)));
        fresh.forEach(a -> outbox.putIfAbsent(a.id(), a));
        boolean saved = store.save(saved(List.copyOf(outbox.values())));
        if (!fresh.isEmpty()) { // what a failed write left is retried by the tick, once a second
            queues.forEach(q -> q.offerAll(fresh));
        }
        // a saved outbox is cleared by the next write (a second later), so a restart does not spool it again
        unsaved = !saved || !outbox.isEmpty();
    }

    private static void logAlert(Alert alert, JsonMapper json) {
        String line;
        try {
            line = json.writeValueAsString(alert);
        } catch (RuntimeException e) {
            line = alert.toString();
        }
        var event = alert.action() == AlertAction.RESOLVED ? alertLog.atInfo() : alertLog.atWarn();
        event.addKeyValue("alert_id", alert.id()).addKeyValue("incident", alert.incident()).addKeyValue("kind", alert.kind())
                .addKeyValue("action", alert.action()).addKeyValue("path", alert.path()).addKeyValue("agent_name", alert.agent())
                .addKeyValue("from", alert.from()).addKeyValue("to", alert.to()).addKeyValue("silenced", alert.silenced());
        // what a log pipeline filters on, as fields of their own: the state a STATE alert leaves the path in, a hang's cause
        if (alert.to() != null) {
            event = event.addKeyValue("state", alert.to());
        }
        if (alert.cause() != null) {
            event = event.addKeyValue("cause", alert.cause()).addKeyValue("cause_provisional", alert.causeProvisional());
        }
        event.log("{} {}", alert.text(), line);
    }

    private void logAlert(Alert alert) {
        logAlert(alert, json);
    }

    private AlertStore.Saved saved(List<Alert> outbox) {
        return new AlertStore.Saved(sequence, announced, List.copyOf(open.values()), List.copyOf(apiSilences), outbox);
    }

    /** The view is rebuilt once per batch of events, not per alert (a storm would copy every incident per alert). */
    private void publishView() {
        viewStale = true;
    }

    private void rebuildView() {
        if (!viewStale) {
            return;
        }
        viewStale = false;
        List<Incident> all = new ArrayList<>(open.values());
        all.sort(Comparator.comparing(Incident::updated).reversed());
        all.addAll(resolved);
        view = List.copyOf(all);
    }

    private static String key(AlertKind kind, String path) {
        return kind + ":" + path;
    }

    // ---- silences ----

    /** Every silence, from the configuration and the API, that is not over. */
    public List<Silence> silences() {
        Instant now = clock.instant();
        List<Silence> all = new ArrayList<>();
        settings.silences().stream().filter(s -> !s.over(now)).forEach(all::add);
        apiSilences.stream().filter(s -> !s.over(now)).forEach(all::add);
        return all;
    }

    /** Whether {@code path}'s alerts are held back now. */
    public boolean silenced(String path) {
        return silence(path, clock.instant()).isPresent();
    }

    /** Adds a silence; it is saved with the next commit (within a second) and holds across restarts. */
    public Silence addSilence(String path, Instant start, Instant end, String reason) {
        Silence s = new Silence(UUID.randomUUID().toString(), path, start, end, null, reason == null ? "" : reason, "api");
        apiSilences.removeIf(old -> old.over(clock.instant()));
        apiSilences.add(s);
        // who silences pages matters to whoever is on call: in the alert log, not only the application log
        alertLog.atWarn().addKeyValue("silence", s.id()).addKeyValue("path", path).addKeyValue("action", "SILENCED")
                .log("[SILENCED] path {} (agent {}): alerts held back from {} to {}: {}", path, settings.agent(), start, end, s.reason());
        submit(() -> unsaved = true);
        return s;
    }

    /** Ends a silence set through the API at once; false if there is none by that id (configured ones stay). */
    public boolean removeSilence(String id) {
        boolean removed = apiSilences.removeIf(s -> s.id().equals(id));
        if (removed) {
            alertLog.atWarn().addKeyValue("silence", id).addKeyValue("action", "UNSILENCED").log("[UNSILENCED] silence {} removed", id);
            submit(() -> unsaved = true);
        }
        return removed;
    }

    private void submit(Runnable task) {
        try {
            thread.execute(() -> {
                task.run();
                commitSoon();
            });
        } catch (RejectedExecutionException stopping) {
            log.warn("alerting has stopped; a change came too late");
        }
    }

    // ---- the test alert ----

    /** What one sink answered to the test alert. */
    public record TestResult(String sink, boolean delivered, String error, long millis) {
    }

    /**
     * Sends one TEST alert straight to every sink (not through the spool: the answer is the sink's
     * own, now), one sink after the other, each bounded by its own timeout. Null when a test is
     * already running.
     */
    public List<TestResult> sendTest() {
        if (!testRunning.compareAndSet(false, true)) {
            return null;
        }
        long started = System.nanoTime();
        if (lastTestNanos != 0 && started - lastTestNanos < TEST_GAP_NANOS) {
            testRunning.set(false); // a loop of test alerts would page people for real
            return null;
        }
        lastTestNanos = started;
        try {
            Instant now = clock.instant();
            String id = UUID.randomUUID().toString();
            Alert alert = new Alert(id, id, 0, AlertKind.TEST, AlertAction.RAISED, null, settings.agent(), null, null, List.of(), List.of(), now,
                    now, null, null, null, null, null, false,
                    "[TEST] agent " + settings.agent() + ": a test alert from pathwatch (POST /api/alerts/test); nothing is wrong");
            logAlert(alert);
            List<TestResult> results = new ArrayList<>();
            for (AlertSink sink : sinks) {
                long t0 = System.nanoTime();
                try {
                    sink.deliver(alert);
                    results.add(new TestResult(sink.name(), true, null, (System.nanoTime() - t0) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(new TestResult(sink.name(), false, "interrupted", (System.nanoTime() - t0) / 1_000_000));
                    break;
                } catch (Exception e) {
                    results.add(new TestResult(sink.name(), false, e.toString(), (System.nanoTime() - t0) / 1_000_000));
                }
            }
            log.info("test alert {}: {}", id, results);
            return results;
        } finally {
            testRunning.set(false);
        }
    }

    // ---- queries ----

    /** Open incidents (latest first), then resolved ones (latest first, the last 1000). */
    public List<Incident> incidents() {
        return view;
    }

    /** Per queued sink: alerts waiting, delivered, failed attempts, dropped, spool writes. */
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

    /** Events merged in the inbox so far, because alerting fell behind. */
    public long mergedEvents() {
        return inbox.merged();
    }

    /** State file writes so far, and spool fsyncs per sink (the storm test bounds them). */
    long stateSaves() {
        return store.saves();
    }

    /** The alerts thread's id (tests measure its CPU; other managers' threads have the same name). */
    long threadId() {
        try {
            return thread.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the alerts thread did not answer", e);
        }
    }

    Map<String, Long> spoolFsyncs() {
        Map<String, Long> out = new LinkedHashMap<>();
        queues.forEach(q -> out.put(q.name(), q.fsyncs()));
        return out;
    }

    /** Waits until every event handed in so far has been turned into alerts, saved and spooled (tests, shutdown). */
    void drain() {
        try {
            thread.submit(() -> {
                drainInbox();
                commit();
            }).get(5, TimeUnit.SECONDS);
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
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.currentTimeMillis() + FLUSH.toMillis();
        queues.forEach(q -> q.flush(deadline));
        if (thread.isTerminated()) {
            // the last batch is in the spools (and maybe delivered): the state must not name it for the next start to send again
            Map<String, Alert> unwritten = new LinkedHashMap<>();
            queues.forEach(q -> q.unwritten().forEach(a -> unwritten.putIfAbsent(a.id(), a)));
            store.save(saved(List.copyOf(unwritten.values())));
        }
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
