package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.health.RuleFiring;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** State changes and hangs in, alerts out: tables of sequences, a capturing sink, a clock the test moves. */
class AlertManagerTest {

    private static final RuleFiring SLOW = new RuleFiring("latency", "rtt.p50", "> baseline * 1.3 + 2ms", 121.4, 28.0, 20.0, "ms",
            PathState.DEGRADED, "latency: rtt.p50 121.4 ms > 28 ms (baseline 20 ms × 1.3 + 2 ms)");

    @TempDir
    Path spool;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<AlertManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        managers.forEach(AlertManager::close);
    }

    private final java.util.Map<String, String> conditions = new java.util.concurrent.ConcurrentHashMap<>();

    private AlertManager manager(CapturingSink sink) {
        return manager(sink, List.of());
    }

    private AlertManager manager(CapturingSink sink, List<Silence> silences) {
        AlertSettings settings = new AlertSettings("agent-1", Duration.ofHours(1), spool, 100, Duration.ofMillis(20), Duration.ofMillis(200),
                List.of(), null, Duration.ofMinutes(5), silences, 1000);
        AlertManager m = new AlertManager(settings, List.of("p", "q"), List.of(sink), path -> List.of(SLOW), () -> java.util.Map.copyOf(conditions),
                clock, JsonMapper.builder().build());
        managers.add(m);
        return m;
    }

    private void change(AlertManager m, String path, PathState from, PathState to) {
        clock.advance(Duration.ofSeconds(10));
        List<RuleFiring> rules = to == PathState.OK || to == PathState.UNKNOWN ? List.of() : List.of(SLOW);
        m.stateChanged(new PathTransition(path, from, to, clock.instant(), rules, to == PathState.OK ? List.of(SLOW) : List.of()));
    }

    private static List<String> actions(List<Alert> alerts) {
        return alerts.stream().map(a -> a.action() + (a.kind() == AlertKind.STATE ? " " + a.from() + ">" + a.to() : " HANG")).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "UNKNOWN OK                          | ",
            "UNKNOWN OK DEGRADED OK              | RAISED OK>DEGRADED, RESOLVED DEGRADED>OK",
            "UNKNOWN DEGRADED                    | RAISED UNKNOWN>DEGRADED",
            "UNKNOWN OK DEGRADED DOWN DEGRADED OK| RAISED OK>DEGRADED, CHANGED DEGRADED>DOWN, CHANGED DOWN>DEGRADED, RESOLVED DEGRADED>OK",
            "UNKNOWN OK DOWN UNKNOWN DOWN OK     | RAISED OK>DOWN, RESOLVED DOWN>OK",
    })
    void everyStateChangeRaisesAndEveryRaiseIsResolvedOnce(String states, String expected) {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        String[] s = states.trim().split("\\s+");
        for (int i = 1; i < s.length; i++) {
            change(m, "p", PathState.valueOf(s[i - 1]), PathState.valueOf(s[i]));
        }
        m.drain();
        List<String> want = expected == null ? List.of() : Arrays.stream(expected.split(",\\s*")).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() >= want.size());
        assertThat(actions(sink.alerts)).containsExactlyElementsOf(want);
        // one incident, from its raise to its resolve
        assertThat(sink.alerts.stream().map(Alert::incident).distinct()).hasSizeLessThanOrEqualTo(1);
        assertThat(sink.alerts).extracting(Alert::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aRaiseNamesEachRuleWithItsFiguresAndAResolveSaysHowLongItLasted() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        change(m, "p", PathState.UNKNOWN, PathState.OK);
        change(m, "p", PathState.OK, PathState.DEGRADED);
        clock.advance(Duration.ofSeconds(50));
        change(m, "p", PathState.DEGRADED, PathState.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        Alert raised = sink.alerts.get(0);
        assertThat(raised.path()).isEqualTo("p");
        assertThat(raised.agent()).isEqualTo("agent-1");
        assertThat(raised.rules()).containsExactly(SLOW);
        assertThat(raised.text()).isEqualTo("[DEGRADED] path p (agent agent-1): OK → DEGRADED — latency: rtt.p50 121.4 ms > 28 ms (baseline 20 ms × 1.3 + 2 ms)");
        Alert resolved = sink.alerts.get(1);
        assertThat(resolved.incident()).isEqualTo(raised.incident());
        assertThat(resolved.durationMs()).isEqualTo(60_000.0);
        assertThat(resolved.cleared()).containsExactly(SLOW);
        assertThat(resolved.text()).startsWith("[RESOLVED] path p (agent agent-1): DEGRADED → OK after 1m 0s");
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.open()).isFalse();
            assertThat(i.alerts()).isEqualTo(2);
        });
    }

    @Test
    void aHangRaisesAnIncidentThatFurtherHangsUpdateAndThatResolvesAfterTheQuietTime() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        Instant start = clock.instant().minusMillis(1000);
        m.hangStarted("q", start);
        m.hangEnded("q", 2003.5);
        for (int i = 0; i < 5; i++) { // a flaky path: five more hangs in the next minutes page nobody
            clock.advance(Duration.ofSeconds(30));
            m.hangStarted("q", clock.instant());
            m.hangEnded("q", 1000.0 + i);
        }
        m.drain();
        assertThat(m.incidents()).singleElement().satisfies(i -> {
            assertThat(i.open()).isTrue();
            assertThat(i.hangs()).isEqualTo(6);
            assertThat(i.longestHangMs()).isEqualTo(2003.5);
            assertThat(i.totalHangMs()).isEqualTo(2003.5 + 1000 + 1001 + 1002 + 1003 + 1004);
            assertThat(i.hanging()).isFalse();
        });
        clock.advance(Duration.ofMinutes(4));
        m.tickNow();
        m.drain();
        assertThat(sink.alerts).hasSize(1); // 4 of the 5 quiet minutes: still open
        clock.advance(Duration.ofMinutes(1));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED HANG", "RESOLVED HANG");
        assertThat(sink.alerts.get(0).since()).isEqualTo(start);
        Alert resolved = sink.alerts.get(1);
        assertThat(resolved.hangs()).isEqualTo(6);
        assertThat(resolved.longestHangMs()).isEqualTo(2003.5);
        assertThat(resolved.durationMs()).isEqualTo(Duration.between(start, start.plusSeconds(151)).toMillis());
        assertThat(resolved.text()).isEqualTo("[HANG RESOLVED] path q (agent agent-1): 6 hangs, longest 2.0 s, total 7.0 s, none for 5m 0s");
    }

    @Test
    void aHangGoingOnIsNotResolvedByTheQuietTime() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        m.hangStarted("q", clock.instant());
        m.drain();
        clock.advance(Duration.ofMinutes(20));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 1);
        assertThat(actions(sink.alerts)).containsExactly("RAISED HANG");
        assertThat(m.incidents()).singleElement().satisfies(i -> assertThat(i.hanging()).isTrue());
    }

    @Test
    void aLongProblemIsRepeatedEveryIntervalWithTheRulesInEffectNow() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        change(m, "p", PathState.OK, PathState.DOWN);
        m.drain();
        clock.advance(Duration.ofMinutes(59));
        m.tickNow();
        clock.advance(Duration.ofMinutes(1));
        m.tickNow();
        clock.advance(Duration.ofMinutes(30));
        m.tickNow();
        clock.advance(Duration.ofMinutes(30));
        m.tickNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 3);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DOWN", "REPEATED DOWN>DOWN", "REPEATED DOWN>DOWN");
        assertThat(sink.alerts.get(1).rules()).containsExactly(SLOW);
        assertThat(sink.alerts.get(2).durationMs()).isEqualTo(120 * 60_000.0);
    }

    @Test
    void afterARestartAProblemIsNeitherRaisedTwiceNorLeftWithoutItsResolve() {
        CapturingSink first = new CapturingSink();
        AlertManager before = manager(first);
        change(before, "p", PathState.OK, PathState.DEGRADED);
        before.hangStarted("q", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> first.alerts.size() == 2);
        before.close();

        CapturingSink second = new CapturingSink();
        AlertManager after = manager(second);
        // the hang going on at the stop: its end was not seen; it resolves once quiet for hang-quiet after the restart
        after.drain();
        assertThat(second.alerts).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        after.tickNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> second.alerts.size() == 1);
        assertThat(actions(second.alerts)).containsExactly("RESOLVED HANG");
        assertThat(second.alerts.get(0).incident()).isEqualTo(first.alerts.get(1).incident());
        // the path is judged DEGRADED again after the restart: no second raise
        change(after, "p", PathState.UNKNOWN, PathState.DEGRADED);
        change(after, "p", PathState.DEGRADED, PathState.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.alerts.size() == 2);
        assertThat(actions(second.alerts)).containsExactly("RESOLVED HANG", "RESOLVED DEGRADED>OK");
        assertThat(second.alerts.get(1).incident()).isEqualTo(first.alerts.get(0).incident());
        assertThat(second.alerts.get(1).sequence()).isGreaterThan(first.alerts.get(1).sequence());
    }

    @Test
    void aStateAnnouncedWithoutItsIncidentIsNotResolvedOutOfNothing() {
        // a state file that says DEGRADED but holds no open incident (written by an older build, or edited)
        new AlertStore(spool, JsonMapper.builder().build()).save(new AlertStore.Saved(7, java.util.Map.of("p", PathState.DEGRADED), List.of()));
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        change(m, "p", PathState.UNKNOWN, PathState.OK);
        change(m, "p", PathState.OK, PathState.DOWN);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DOWN");
        assertThat(sink.alerts.get(0).sequence()).isEqualTo(8);
    }

    @Test
    void aSinkThatIsDownGetsEveryAlertInOrderOnceItIsBack() {
        CapturingSink sink = new CapturingSink();
        sink.failing = true;
        AlertManager m = manager(sink);
        for (int i = 0; i < 5; i++) {
            change(m, "p", PathState.OK, PathState.DEGRADED);
            change(m, "p", PathState.DEGRADED, PathState.OK);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.attempts >= 3);
        assertThat(sink.alerts).isEmpty();
        sink.failing = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 10);
        assertThat(sink.alerts).extracting(Alert::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(sink.alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(m.sinks().get("capture")).containsEntry("pending", 0).containsEntry("delivered", 10L);
    }

    @Test
    void aSilencedPathIsJudgedButPagesOnlyWhenTheSilenceEndsWithTheProblemStillOpen() {
        Silence window = new Silence("config-p-0", "p", clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofMinutes(10)), null,
                "change 42", "config");
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink, List.of(window));
        // a problem that starts and ends inside the window: logged, never paged
        change(m, "p", PathState.OK, PathState.DOWN);
        change(m, "p", PathState.DOWN, PathState.OK);
        // one that starts inside and outlasts it
        change(m, "p", PathState.OK, PathState.DEGRADED);
        m.drain();
        assertThat(m.silenced("p")).isTrue();
        assertThat(m.incidents()).hasSize(2).first().satisfies(i -> {
            assertThat(i.open()).isTrue();
            assertThat(i.heldBack()).isTrue();
        });
        clock.advance(Duration.ofMinutes(10));
        m.tickNow();
        m.drain();
        change(m, "p", PathState.DEGRADED, PathState.OK);
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DEGRADED", "RESOLVED DEGRADED>OK");
        assertThat(sink.alerts.get(0).text()).endsWith("(held back by a silence until now)");
        assertThat(sink.alerts).noneMatch(Alert::silenced);
    }

    @Test
    void aSilenceFromTheApiCoversEveryPathAndAResolveFollowsItsRaiseToTheSinks() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        change(m, "q", PathState.OK, PathState.DOWN); // paged before the silence
        m.drain();
        clock.advance(Duration.ofSeconds(1));
        Silence s = m.addSilence(Silence.ALL_PATHS, clock.instant(), clock.instant().plus(Duration.ofHours(1)), "maintenance");
        change(m, "p", PathState.OK, PathState.DOWN); // held back
        change(m, "q", PathState.DOWN, PathState.OK); // its raise was paged: the resolve goes too
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DOWN", "RESOLVED DOWN>OK");
        assertThat(sink.alerts).allMatch(a -> a.path().equals("q"));
        assertThat(m.silences()).extracting(Silence::id).containsExactly(s.id());
        // it is kept across a restart, and removing it ends it
        m.close();
        AlertManager after = manager(new CapturingSink());
        after.drain();
        assertThat(after.silences()).extracting(Silence::id).containsExactly(s.id());
        assertThat(after.silenced("p")).isTrue();
        assertThat(after.removeSilence(s.id())).isTrue();
        assertThat(after.silenced("p")).isFalse();
    }

    @Test
    void aConditionOfTheAgentPagesOnceItHeldHalfAMinuteAndResolvesAfterAQuietMinute() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        conditions.put("overloaded", "event-loop lag p99 80.0 ms");
        m.tickNow();
        clock.advance(Duration.ofSeconds(29));
        m.tickNow();
        m.drain();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.isEmpty());
        clock.advance(Duration.ofSeconds(1));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        conditions.remove("overloaded");
        clock.advance(Duration.ofSeconds(10));
        m.tickNow();
        clock.advance(Duration.ofSeconds(59));
        m.tickNow();
        m.drain();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 1);
        clock.advance(Duration.ofSeconds(1));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(sink.alerts).extracting(Alert::kind, Alert::action, Alert::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.AGENT, AlertAction.RAISED, "overloaded"),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.AGENT, AlertAction.RESOLVED, "overloaded"));
        assertThat(sink.alerts.get(0).detail()).isEqualTo("event-loop lag p99 80.0 ms");
        assertThat(sink.alerts.get(0).text()).isEqualTo("[AGENT] agent agent-1: overloaded — event-loop lag p99 80.0 ms");
    }

    @Test
    void aSpoolFillingUpBecomesAnAgentCondition() {
        CapturingSink sink = new CapturingSink();
        sink.failing = true;
        AlertManager m = manager(sink); // spool limit 100
        for (int i = 0; i < 40; i++) {
            change(m, "p", PathState.OK, PathState.DEGRADED);
            change(m, "p", PathState.DEGRADED, PathState.OK);
        }
        m.drain();
        m.tickNow();
        clock.advance(Duration.ofSeconds(30));
        m.tickNow();
        m.drain();
        assertThat(m.incidents()).filteredOn(i -> i.kind() == AlertKind.AGENT).singleElement().satisfies(i -> {
            assertThat(i.path()).isEqualTo("spool");
            assertThat(i.detail()).contains("alert sink capture holds 8").contains("of at most 100");
        });
    }

    @Test
    void theLastBatchNamedByTheStateIsSpooledAgainAfterACrashButNotTwice() {
        JsonMapper json = JsonMapper.builder().build();
        Instant now = clock.instant();
        Alert lost = new Alert("a-lost", "i-1", 5, AlertKind.STATE, AlertAction.RAISED, "p", "agent-1", PathState.OK, PathState.DOWN, List.of(),
                List.of(), now, now, null, null, null, null, null, false, "[DOWN] path p");
        Alert spooled = new Alert("a-spooled", "i-2", 6, AlertKind.STATE, AlertAction.RAISED, "q", "agent-1", PathState.OK, PathState.DOWN,
                List.of(), List.of(), now, now, null, null, null, null, null, false, "[DOWN] path q");
        // the crash came after the state was written and after one of the two reached the spool
        new AlertStore(spool, json).save(new AlertStore.Saved(6, java.util.Map.of(), List.of(), List.of(), List.of(lost, spooled)));
        try {
            new Spool(spool.resolve("capture"), 100).append(json.writeValueAsBytes(spooled));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CapturingSink sink = new CapturingSink();
        manager(sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 2);
        assertThat(sink.alerts).extracting(Alert::id).containsExactly("a-spooled", "a-lost");
    }

    @Test
    void aThrowingSourceInThePeriodicWorkIsSurvivedAndItWorksAgainOnceTheSourceDoes() {
        CapturingSink sink = new CapturingSink();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        AlertSettings settings = new AlertSettings("agent-1", Duration.ofHours(1), spool, 100, Duration.ofMillis(20), Duration.ofMillis(200),
                List.of(), null, Duration.ofMinutes(5), List.of(), 1000);
        AlertManager m = new AlertManager(settings, List.of("p"), List.of(sink), path -> {
            if (broken.get()) {
                throw new StackOverflowError("injected: the rules lookup fails");
            }
            return List.of(SLOW);
        }, () -> {
            if (broken.get()) {
                throw new IllegalStateException("injected: a condition check fails");
            }
            return java.util.Map.of();
        }, clock, JsonMapper.builder().build());
        managers.add(m);
        change(m, "p", PathState.OK, PathState.DOWN);
        m.drain();
        clock.advance(Duration.ofHours(1));
        m.tickNow(); // the repeat's rules lookup throws an Error
        m.tickNow();
        broken.set(false);
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DOWN", "REPEATED DOWN>DOWN");
    }

    @Test
    void aChangeRightAfterASilenceIsPagedAsTheRaiseAndAChangeDuringOneIsAnnouncedWhenItEnds() {
        Silence window = new Silence("config-p-0", "p", clock.instant().plusSeconds(15), clock.instant().plus(Duration.ofMinutes(10)), null,
                "change 42", "config");
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink, List.of(window));
        change(m, "q", PathState.OK, PathState.DEGRADED); // q: no silence
        change(m, "p", PathState.OK, PathState.DEGRADED); // paged at +20 s? no: the window began at +15 s
        m.drain();
        clock.advance(Duration.ofMinutes(10)); // the window is over; no tick has run yet
        change(m, "p", PathState.DEGRADED, PathState.DOWN);
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DEGRADED", "RAISED OK>DOWN");
        assertThat(sink.alerts.get(1).path()).isEqualTo("p");
        assertThat(sink.alerts.get(1).text()).endsWith("(held back by a silence until now)");
    }

    @Test
    void aProblemPagedBeforeASilenceThatWorsenedDuringItIsAnnouncedWhenItEnds() {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        change(m, "p", PathState.OK, PathState.DEGRADED);
        m.drain();
        m.addSilence("p", clock.instant(), clock.instant().plus(Duration.ofMinutes(5)), "work");
        change(m, "p", PathState.DEGRADED, PathState.DOWN);
        m.drain();
        clock.advance(Duration.ofMinutes(5));
        m.tickNow();
        m.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DEGRADED", "CHANGED DEGRADED>DOWN");
        assertThat(sink.alerts.get(1).text()).endsWith("(changed during a silence)");
        m.tickNow();
        m.drain();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.alerts.size() == 2);
    }

    @Test
    void alertsASpoolCannotTakeAreKeptAndSpooledOnceItCanAgain() throws Exception {
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        m.drain();
        Path dir = spool.resolve("capture");
        java.nio.file.Files.delete(dir);
        java.nio.file.Files.writeString(dir, "not a directory"); // every spool write fails now (ENOTDIR)
        change(m, "p", PathState.OK, PathState.DOWN);
        change(m, "p", PathState.DOWN, PathState.OK);
        m.drain();
        m.tickNow();
        assertThat(sink.alerts).isEmpty();
        // the state file names them (a crash now would spool them at the next start)
        assertThat(new AlertStore(spool, JsonMapper.builder().build()).load().outbox()).hasSize(2);
        java.nio.file.Files.delete(dir);
        java.nio.file.Files.createDirectory(dir);
        m.tickNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(actions(sink.alerts)).containsExactly("RAISED OK>DOWN", "RESOLVED DOWN>OK");
    }

    @Test
    void stateAndSpoolsWrittenBeforeBatchesAreReadAfterAnUpgrade() throws Exception {
        // alerts-state.json and a spool file as the build before batches wrote them: no hang fields, one alert per .json file
        java.nio.file.Files.writeString(spool.resolve("alerts-state.json"), """
                {"sequence":16,"announced":{"p":"DEGRADED"},"open":[{"id":"i-1","kind":"STATE","path":"p","agent":"agent-1",
                "state":"DEGRADED","open":true,"since":"2026-11-25T09:00:00Z","updated":"2026-11-25T09:00:00Z","resolved":null,
                "durationMs":null,"rules":[],"alerts":1,"lastAlert":"a-1"}]}""".replace("\n", ""));
        Path dir = java.nio.file.Files.createDirectories(spool.resolve("capture"));
        java.nio.file.Files.writeString(dir.resolve("00000000000000000003.json"), """
                {"id":"a-old","incident":"i-0","sequence":15,"kind":"STATE","action":"RESOLVED","path":"q","agent":"agent-1","from":"DOWN",
                "to":"OK","rules":[],"cleared":[],"time":"2026-11-25T08:00:00Z","since":"2026-11-25T07:00:00Z","durationMs":3600000.0,
                "text":"[RESOLVED] path q"}""");
        CapturingSink sink = new CapturingSink();
        AlertManager m = manager(sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 1);
        assertThat(sink.alerts.get(0).id()).isEqualTo("a-old");
        change(m, "p", PathState.DEGRADED, PathState.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.alerts.size() == 2);
        assertThat(sink.alerts.get(1).incident()).isEqualTo("i-1");
        assertThat(sink.alerts.get(1).sequence()).isEqualTo(17);
    }
}
