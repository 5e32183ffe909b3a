package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A full inbox merges a path's events; it never drops one that resolves, and never grows without bound. */
class AlertInboxTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private static AlertEvent.StateChange change(String path, PathState from, PathState to) {
        return new AlertEvent.StateChange(new PathTransition(path, from, to, T, List.of(), List.of()), 0);
    }

    private static List<String> transitions(List<AlertEvent> events) {
        return events.stream().map(e -> e instanceof AlertEvent.StateChange s
                ? s.transition().from() + ">" + s.transition().to() + (s.merged() > 0 ? " +" + s.merged() : "")
                : "hangs").toList();
    }

    @Test
    void problemsInARowBecomeOneChangeAndAFlapInTheMiddleFoldsIntoItsIncident() {
        List<AlertEvent> merged = AlertInbox.merge(List.of(
                change("p", PathState.OK, PathState.DEGRADED),
                change("p", PathState.DEGRADED, PathState.DOWN),
                change("p", PathState.DOWN, PathState.UNKNOWN),
                change("p", PathState.UNKNOWN, PathState.OK),
                change("p", PathState.OK, PathState.DOWN),
                change("p", PathState.DOWN, PathState.OK),
                change("p", PathState.OK, PathState.DEGRADED)));
        // OK>DOWN stands for the first incident with the flap folded in; its resolve (the last OK) stays; the new problem stays
        assertThat(transitions(merged)).containsExactly("OK>DOWN +1", "DOWN>OK", "OK>DEGRADED");
    }

    @Test
    void hangsMergeIntoOneEventWithTheirCountLongestAndTotal() {
        List<AlertEvent> merged = AlertInbox.merge(List.of(
                AlertEvent.Hangs.start("p", T), AlertEvent.Hangs.end("p", 1500),
                AlertEvent.Hangs.start("p", T.plusSeconds(10)), AlertEvent.Hangs.end("p", 4000),
                AlertEvent.Hangs.start("p", T.plusSeconds(20))));
        assertThat(merged).singleElement().isEqualTo(new AlertEvent.Hangs("p", T, 3, 2, 4000, 5500, true));
    }

    @Test
    void aFlappingPathInAFullInboxKeepsItsResolvesAndTheInboxStaysBounded() {
        AlertInbox inbox = new AlertInbox(16);
        PathState state = PathState.OK;
        int offered = 0;
        for (int i = 0; i < 10_000; i++) {
            PathState next = state == PathState.OK ? (i % 4 == 1 ? PathState.DOWN : PathState.DEGRADED) : PathState.OK;
            inbox.offer(change("flappy", state, next));
            state = next;
            offered++;
            if (i % 1000 == 0) {
                inbox.offer(change("steady-" + i, PathState.OK, PathState.DOWN));
                inbox.offer(AlertEvent.Hangs.start("hangy", T));
                inbox.offer(AlertEvent.Hangs.end("hangy", 1000));
            }
            assertThat(inbox.size()).isLessThanOrEqualTo(16 + 4 + 1);
        }
        List<AlertEvent> events = inbox.drain();
        assertThat(inbox.merged()).isGreaterThan(offered - 40L);
        // replay what is left as the alerts thread would: every raise of "flappy" has its resolve, and it ends as it ended
        List<AlertEvent.StateChange> flappy = new ArrayList<>();
        events.stream().filter(e -> e.path().equals("flappy")).forEach(e -> flappy.add((AlertEvent.StateChange) e));
        boolean openIncident = false;
        int raises = 0;
        int resolves = 0;
        for (AlertEvent.StateChange s : flappy) {
            if (s.toOk()) {
                resolves++;
                openIncident = false;
            } else if (!openIncident) {
                raises++;
                openIncident = true;
            }
        }
        assertThat(raises).isEqualTo(resolves); // 10,000 changes ended on OK
        assertThat(flappy.get(flappy.size() - 1).transition().to()).isEqualTo(state);
        assertThat(events.stream().filter(e -> e.path().startsWith("steady-"))).hasSize(10);
        assertThat(events.stream().filter(e -> e instanceof AlertEvent.Hangs)).singleElement()
                .satisfies(h -> assertThat(((AlertEvent.Hangs) h).started()).isEqualTo(10));
    }

    private static StallAttribution cause(Instant start, boolean open, StallCause cause) {
        long epoch = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return new StallAttribution(StallAttribution.Subject.HANG, epoch, epoch, 2_000_000_000L, open, cause, cause.phrase(), List.of(), "");
    }

    @Test
    void causesMergeAfterTheHangsWithTheirCountsAndTheLastOneToShow() {
        StallAttribution shownLast = cause(T.plusSeconds(10), true, StallCause.FAR_END_STALL);
        List<AlertEvent> merged = AlertInbox.merge(List.of(
                AlertEvent.Hangs.start("p", T),
                AlertEvent.Attributed.of("p", cause(T, true, StallCause.FORWARD_OR_REVERSE_LOSS), true),
                AlertEvent.Hangs.end("p", 2000),
                AlertEvent.Attributed.of("p", cause(T, false, StallCause.REVERSE_LOSS), true),
                AlertEvent.Hangs.start("p", T.plusSeconds(10)),
                AlertEvent.Attributed.of("p", shownLast, true),
                AlertEvent.Attributed.of("p", cause(T.minusSeconds(5), false, StallCause.REVERSE_LOSS), false)));
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0)).isEqualTo(new AlertEvent.Hangs("p", T, 2, 1, 2000, 2000, true));
        assertThat(merged.get(1)).isEqualTo(new AlertEvent.Attributed("p", shownLast, Map.of("reverse_loss", 2), T));
    }

    @Test
    void aFloodOfCausesInAFullInboxKeepsEveryRaiseAndResolveAndStaysBounded() {
        AlertInbox inbox = new AlertInbox(16);
        for (int i = 0; i < 5_000; i++) {
            if (i % 500 == 0) {
                inbox.offer(change("p", PathState.OK, PathState.DOWN));
                inbox.offer(change("p", PathState.DOWN, PathState.OK));
            }
            inbox.offer(AlertEvent.Attributed.of("q", cause(T.plusSeconds(i), false, StallCause.REVERSE_LOSS), true));
            assertThat(inbox.size()).isLessThanOrEqualTo(16 + 4 + 2);
        }
        List<AlertEvent> events = inbox.drain();
        assertThat(events.stream().filter(e -> e.path().equals("p")).map(e -> ((AlertEvent.StateChange) e).toOk()).toList())
                .as("p's last raise and its resolve are there").endsWith(false, true);
        // merged, not dropped: every hang's cause is still counted
        assertThat(events.stream().filter(e -> e instanceof AlertEvent.Attributed)
                .mapToInt(e -> ((AlertEvent.Attributed) e).settled().getOrDefault("reverse_loss", 0)).sum()).isEqualTo(5_000);
    }
}
