package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.health.RuleFiring;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.path.StallEvidence;
import io.pathwatch.testing.WebhookReceiver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hang's cause, reported by the probe after the hang (provisional while it is open, settled after
 * it ended), reaches its incident, the log and the incident's next alert, and pages nobody on its own.
 */
class HangCauseAlertsTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec Q = new PathSpec("q", "127.0.0.1", 7100, null, Map.of(), SETTINGS);
    private static final String REVERSE = "hang 4.0 s: replies not delivered. The responder retransmitted 3 times; our requests were acknowledged.";
    private static final List<StallEvidence> REVERSE_FACTS = List.of(new StallEvidence("responder", "unacked", 3, "segments"),
            new StallEvidence("responder", "last_data_recv", 120, "ms"), new StallEvidence("prober", "unacked", 0, "segments"));

    @TempDir
    Path spool;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    /** The probe's monotonic clock, as the test moves it with {@link #clock}. */
    private final long nanoBase = System.nanoTime();
    private final Instant epochBase = clock.instant();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private AlertManager manager(AlertSink sink, Function<String, List<RuleFiring>> rules) {
        AlertSettings settings = new AlertSettings("agent-1", Duration.ofHours(1), spool, 100, Duration.ofMillis(20), Duration.ofMillis(200),
                List.of(), null, Duration.ofMinutes(5), List.of(), 1000);
        AlertManager m = new AlertManager(settings, List.of("p", "q"), List.of(sink), rules, Map::of, clock, json);
        closing.add(0, m);
        return m;
    }

    private AlertManager manager(AlertSink sink) {
        return manager(sink, p -> List.of());
    }

    private long nanos(Instant at) {
        return nanoBase + Duration.between(epochBase, at).toNanos();
    }

    private static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** The probe's report of where the hang that began at {@code start} was, {@code seconds} into it. */
    private StallAttribution hang(Instant start, double seconds, boolean open, StallCause cause, String sentence, List<StallEvidence> facts,
            String missing) {
        return new StallAttribution(StallAttribution.Subject.HANG, nanos(start), epochNanos(start), (long) (seconds * 1e9), open, cause, sentence,
                facts, missing);
    }

    private StallAttribution settled(Instant start, StallCause cause) {
        return hang(start, 2, false, cause, "hang 2.0 s: " + cause.phrase() + ".", List.of(), "");
    }

    private void hangStarted(ProbeListener l, Instant start) {
        l.hangStarted(nanos(start), epochNanos(start));
    }

    private void hangEnded(ProbeListener l, Instant start, double seconds) {
        l.hangEnded(nanos(start), nanos(start) + (long) (seconds * 1e9));
    }

    @Test
    void theHangIsRaisedAtOnceAndItsLaterCauseUpdatesTheIncidentWithoutPagingUntilTheResolveCarriesIt() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant start = clock.instant();
        hangStarted(q, start);
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        assertThat(sink.alerts.get(0).action()).isEqualTo(AlertAction.RAISED);
        assertThat(sink.alerts.get(0).cause()).as("the raise does not wait for the cause").isNull();

        // while it is open: a provisional view, then the settled one after it ended
        clock.advance(Duration.ofSeconds(2));
        q.stallAttributed(hang(start, 2, true, StallCause.FORWARD_OR_REVERSE_LOSS, "hang 2.0 s so far: packets lost in one or both directions.",
                List.of(new StallEvidence("prober", "unacked", 2, "segments")), "the responder's view is not in yet"));
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.cause()).isEqualTo("forward_or_reverse_loss");
            assertThat(i.causeProvisional()).isTrue();
            assertThat(i.evidence()).containsExactly("prober unacked=2");
            assertThat(i.missing()).isEqualTo("the responder's view is not in yet");
            assertThat(i.causes()).as("a provisional cause is not counted").isEmpty();
        });
        clock.advance(Duration.ofSeconds(2));
        hangEnded(q, start, 4);
        q.stallAttributed(hang(start, 4, false, StallCause.REVERSE_LOSS, REVERSE, REVERSE_FACTS, ""));
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.cause()).isEqualTo("reverse_loss");
            assertThat(i.causeSentence()).isEqualTo(REVERSE);
            assertThat(i.causeProvisional()).isFalse();
            assertThat(i.evidence()).containsExactly("responder unacked=3", "responder last_data_recv=120 ms", "prober unacked=0");
            assertThat(i.missing()).isEmpty();
            assertThat(i.causes()).containsExactly(Map.entry("reverse_loss", 1));
            assertThat(i.alerts()).isEqualTo(1);
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 1);

        clock.advance(Duration.ofMinutes(5));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        Alert resolved = sink.alerts.get(1);
        assertThat(resolved.action()).isEqualTo(AlertAction.RESOLVED);
        assertThat(resolved.cause()).isEqualTo("reverse_loss");
        assertThat(resolved.causeProvisional()).isFalse();
        assertThat(resolved.causes()).containsExactly(Map.entry("reverse_loss", 1));
        assertThat(resolved.text()).isEqualTo("[HANG RESOLVED] path q (agent agent-1): 1 hang, longest 4.0 s, total 4.0 s, none for 5m 0s; last: "
                + REVERSE);
    }

    @Test
    void theIncidentShowsTheNewestHangsSettledCauseAndCountsEveryHangsCause() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        List<Instant> starts = new ArrayList<>();
        StallCause[] causes = {StallCause.REVERSE_LOSS, StallCause.REVERSE_LOSS, StallCause.FAR_END_STALL};
        for (StallCause cause : causes) {
            Instant start = clock.instant();
            starts.add(start);
            hangStarted(q, start);
            clock.advance(Duration.ofSeconds(2));
            hangEnded(q, start, 2);
            q.stallAttributed(settled(start, cause));
            clock.advance(Duration.ofSeconds(30));
        }
        // a fourth hang, open: its provisional view shows; a stale provisional view of the first one does not
        Instant fourth = clock.instant();
        hangStarted(q, fourth);
        q.stallAttributed(hang(fourth, 1.5, true, StallCause.FORWARD_LOSS, "hang 1.5 s so far: requests not delivered.", List.of(), ""));
        q.stallAttributed(hang(starts.get(0), 2, true, StallCause.UNKNOWN, "stale", List.of(), "")); // an earlier hang's provisional: dropped
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.hangs()).isEqualTo(4);
            assertThat(i.cause()).isEqualTo("forward_loss");
            assertThat(i.causeProvisional()).isTrue();
            assertThat(i.causes()).containsExactly(Map.entry("far_end_stall", 1), Map.entry("reverse_loss", 2));
        });
        clock.advance(Duration.ofSeconds(1));
        hangEnded(q, fourth, 2.5);
        q.stallAttributed(settled(fourth, StallCause.FORWARD_LOSS));
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.cause()).isEqualTo("forward_loss");
            assertThat(i.causeProvisional()).isFalse();
            assertThat(i.causes()).containsExactly(Map.entry("far_end_stall", 1), Map.entry("forward_loss", 1), Map.entry("reverse_loss", 2));
        });
        // a fifth hang that lasts: an hour on, the repeat (a page the incident makes anyway) says what the hangs were
        hangStarted(q, clock.instant());
        m.drain();
        clock.advance(Duration.ofHours(1));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        Alert repeated = sink.alerts.get(1);
        assertThat(repeated.action()).isEqualTo(AlertAction.REPEATED);
        assertThat(repeated.causes()).containsEntry("reverse_loss", 2).containsEntry("far_end_stall", 1).containsEntry("forward_loss", 1);
        assertThat(repeated.text()).startsWith("[STILL HANGING] path q (agent agent-1): 5 hangs (reverse_loss 2, far_end_stall 1, forward_loss 1), "
                + "longest 2.5 s, total 8.5 s since ").endsWith("; hanging now; last: hang 2.0 s: requests not delivered.");
    }

    @Test
    void aLateSettledCauseOfAnEarlierHangIsCountedButDoesNotHideTheOpenHangsView() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant first = clock.instant();
        hangStarted(q, first);
        clock.advance(Duration.ofSeconds(2));
        hangEnded(q, first, 2);
        clock.advance(Duration.ofSeconds(3));
        Instant second = clock.instant();
        hangStarted(q, second);
        q.stallAttributed(hang(second, 1.2, true, StallCause.FAR_END_STALL, "hang 1.2 s so far: held above TCP at the far end.", List.of(), ""));
        q.stallAttributed(settled(first, StallCause.REVERSE_LOSS)); // the first one's fetch took longer
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.cause()).isEqualTo("far_end_stall");
            assertThat(i.causeProvisional()).isTrue();
            assertThat(i.causes()).containsExactly(Map.entry("reverse_loss", 1));
        });
    }

    @Test
    void failedCyclesAndCausesWithoutAnOpenIncidentRaiseNothing() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant at = clock.instant();
        q.stallAttributed(new StallAttribution(StallAttribution.Subject.CYCLE, nanos(at), epochNanos(at), 3_000_000_000L, false, StallCause.RESET,
                "cycle failed: connection reset.", List.of(), ""));
        q.stallAttributed(settled(at.minusSeconds(600), StallCause.REVERSE_LOSS)); // a hang whose incident resolved long ago
        m.drain();
        m.tickNow();
        assertThat(m.incidents()).isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(sink.alerts::isEmpty);
    }

    @Test
    void aCauseOfAHangBeforeTheIncidentBeganIsNotCountedInIt() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant old = clock.instant();
        hangStarted(q, old);
        hangEnded(q, old, 2);
        m.drain();
        clock.advance(Duration.ofMinutes(6));
        m.tickNow(); // resolved: quiet for 5 minutes
        m.drain();
        Instant fresh = clock.instant();
        hangStarted(q, fresh);
        q.stallAttributed(settled(old, StallCause.REVERSE_LOSS)); // very late, after a new incident opened
        m.drain();
        assertThat(m.incidents()).first().satisfies(i -> {
            assertThat(i.open()).isTrue();
            assertThat(i.since()).isEqualTo(fresh);
            assertThat(i.cause()).isNull();
            assertThat(i.causes()).isEmpty();
        });
    }

    @Test
    void aRaiseStillWaitingForItsBatchGoesOutWithTheCauseThatCameMeanwhile() throws Exception {
        // a slow rules lookup (the repeat of p's incident) holds the alerts thread while the probe reports the hang and its cause
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink, path -> {
            if (once.compareAndSet(false, true)) {
                holding.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of();
        });
        ProbeListener q = new HangAlerts(m).forPath(Q);
        m.stateChanged(new PathTransition("p", PathState.OK, PathState.DOWN, clock.instant(), List.of(), List.of()));
        m.drain();
        clock.advance(Duration.ofHours(1));
        assertThat(holding.await(5, TimeUnit.SECONDS)).as("the periodic repeat is under way").isTrue();
        Instant start = clock.instant();
        hangStarted(q, start);
        q.stallAttributed(hang(start, 1.1, true, StallCause.REVERSE_LOSS, "hang 1.1 s: replies not delivered.", REVERSE_FACTS, ""));
        release.countDown();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 3);
        Alert raised = sink.alerts.stream().filter(a -> a.kind() == AlertKind.HANG).findFirst().orElseThrow();
        assertThat(raised.action()).isEqualTo(AlertAction.RAISED);
        assertThat(raised.cause()).isEqualTo("reverse_loss");
        assertThat(raised.causeProvisional()).isTrue();
        assertThat(raised.text()).isEqualTo("[HANG] path q (agent agent-1): the stream has had no echo for longer than the hang threshold; provisional: "
                + "hang 1.1 s: replies not delivered.");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 3);
    }

    @Test
    void aWebhookGetsTheRaiseWithoutACauseNothingForTheCauseAndTheResolveWithIt() throws Exception {
        WebhookReceiver hook = WebhookReceiver.started();
        closing.add(hook);
        AlertSink sink = new WebhookSink(new AlertSettings.Webhook("hook", URI.create(hook.url()), null, Duration.ofSeconds(2)), json);
        AlertManager m = manager(sink);
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant start = clock.instant();
        hangStarted(q, start);
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> hook.received().size() == 1);
        assertThat(hook.received().get(0).json()).containsEntry("action", "RAISED").containsEntry("cause", null)
                .containsEntry("causes", Map.of()).containsEntry("evidence", List.of());

        q.stallAttributed(hang(start, 2, true, StallCause.REVERSE_LOSS, "hang 2.0 s so far: replies not delivered.", REVERSE_FACTS, ""));
        clock.advance(Duration.ofSeconds(4));
        hangEnded(q, start, 4);
        q.stallAttributed(hang(start, 4, false, StallCause.REVERSE_LOSS, REVERSE, REVERSE_FACTS, ""));
        m.drain();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> hook.received().size() == 1);

        clock.advance(Duration.ofMinutes(5));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> hook.received().size() == 2);
        Map<String, Object> resolved = hook.received().get(1).json();
        assertThat(resolved).containsEntry("action", "RESOLVED").containsEntry("kind", "HANG").containsEntry("cause", "reverse_loss")
                .containsEntry("causeSentence", REVERSE).containsEntry("causeProvisional", false).containsEntry("causes", Map.of("reverse_loss", 1))
                .containsEntry("evidence", List.of("responder unacked=3", "responder last_data_recv=120 ms", "prober unacked=0"))
                .containsEntry("missing", "");
        assertThat((String) resolved.get("text")).endsWith("; last: " + REVERSE);
    }

    @Test
    void aHangIncidentAndAHangAlertWrittenBeforeCausesStillLoadAndTakeACauseAfterTheUpgrade() throws Exception {
        // the state file and a spooled alert as the build before causes wrote them
        Files.writeString(spool.resolve("alerts-state.json"), """
                {"sequence":3,"announced":{},"open":[{"id":"i-h","kind":"HANG","path":"q","agent":"agent-1","state":null,"open":true,
                "since":"2026-11-25T09:59:00Z","updated":"2026-11-25T09:59:00Z","resolved":null,"durationMs":null,"rules":[],"alerts":1,
                "lastAlert":"a-1","hangs":1,"longestHangMs":2000.0,"totalHangMs":2000.0,"hanging":false,
                "lastHangAt":"2026-11-25T09:59:02Z","detail":null,"heldBack":false,"pagedState":null}],"silences":[],"outbox":[]}"""
                .replace("\n", ""));
        Path dir = Files.createDirectories(spool.resolve("capture"));
        Files.writeString(dir.resolve("00000000000000000001.jsonl"), """
                {"id":"a-1","incident":"i-h","sequence":3,"kind":"HANG","action":"RAISED","path":"q","agent":"agent-1","from":null,"to":null,\
                "rules":[],"cleared":[],"time":"2026-11-25T09:59:01Z","since":"2026-11-25T09:59:00Z","durationMs":null,"hangs":1,\
                "longestHangMs":null,"totalHangMs":0.0,"detail":null,"silenced":false,"text":"[HANG] path q"}
                """);
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        assertThat(sink.alerts.get(0).id()).isEqualTo("a-1");
        assertThat(sink.alerts.get(0).cause()).isNull();
        assertThat(sink.alerts.get(0).causes()).isEmpty();
        assertThat(sink.alerts.get(0).evidence()).isEmpty();
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("i-h");
            assertThat(i.cause()).isNull();
            assertThat(i.causes()).isEmpty();
        });
        // a new hang after the restart: its cause lands in the incident from before
        ProbeListener q = new HangAlerts(m).forPath(Q);
        Instant start = clock.instant();
        hangStarted(q, start);
        hangEnded(q, start, 2);
        q.stallAttributed(settled(start, StallCause.FAR_END_STALL));
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("i-h");
            assertThat(i.hangs()).isEqualTo(2);
            assertThat(i.cause()).isEqualTo("far_end_stall");
            assertThat(i.causes()).containsExactly(Map.entry("far_end_stall", 1));
        });
        // and it is saved: a second restart still has it
        m.close();
        closing.remove(m);
        AlertStore.Saved saved = new AlertStore(spool, json).load();
        assertThat(saved.open()).singleElement().satisfies(i -> {
            assertThat(i.cause()).isEqualTo("far_end_stall");
            assertThat(i.causeSentence()).isEqualTo("hang 2.0 s: held above TCP at the far end.");
            assertThat(i.causes()).containsExactly(Map.entry("far_end_stall", 1));
        });
    }
}
