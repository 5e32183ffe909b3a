package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.health.RuleSentence.Seen;
import io.pathwatch.health.RuleSentence.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of rule in effect, read as a sentence, from rule states built by hand. */
class RuleSentenceTest {

    private static final Rule HANGS = new Rule("hangs", RuleFigure.HANGS, Comparison.GE, Threshold.absolute(1), PathState.DEGRADED, 2, 12, 12, ">= 1");
    private static final Rule LATENCY = new Rule("latency", RuleFigure.RTT_P50, Comparison.GT, new Threshold(RuleFigure.RTT_P50, 1.3, 2),
            PathState.DEGRADED, 2, 2, 3, "> baseline * 1.3 + 2ms");
    private static final Rule DOWN = new Rule("down", RuleFigure.CONNECT_FAILURE_RATIO, Comparison.GE, Threshold.absolute(1), PathState.DOWN,
            2, 2, 1, ">= 100%");
    private static final Rule LOSS = new Rule("loss", RuleFigure.LOSS, Comparison.GE, Threshold.absolute(0.02), PathState.DEGRADED, 2, 2, 3, ">= 2%");
    private static final Rule DISCONNECTS = new Rule("disconnects", RuleFigure.STREAM_DISCONNECTS, Comparison.GE, Threshold.absolute(1),
            PathState.DEGRADED, 2, 2, 6, ">= 1");
    private static final Rule FAST = new Rule("too-fast", RuleFigure.RTT_P50, Comparison.LT, Threshold.absolute(1), PathState.DEGRADED, 1, 1, 2, "< 1ms");

    private static Seen quiet() {
        return new Seen(false, 0, 0, 0, 0, false, "");
    }

    private static Seen hang(double ms) {
        return new Seen(true, 1, 1, 1, ms, false, "");
    }

    @Test
    void twoHangsInTheLastTwoMinutesAndThreeClearWindowsSoFar() {
        List<Seen> windows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            windows.add(quiet());
        }
        windows.add(hang(4000));
        windows.add(hang(4000));
        windows.add(quiet());
        windows.add(quiet());
        windows.add(quiet());
        assertThat(RuleSentence.of(new State(HANGS, windows, 3, 1, null, 10)))
                .isEqualTo("2 hangs (4.0 s, 4.0 s) in the last 2 min; clears after 12 windows without a hang (3 so far)");
    }

    @Test
    void aHangThatSpansASealCountsOnceWithItsWholeDuration() {
        Seen began = new Seen(true, 1, 1, 1, 1500, true, "");
        Seen ended = new Seen(true, 1, 1, 0, 4200, false, "");
        assertThat(RuleSentence.of(new State(HANGS, List.of(quiet(), began, ended), 0, 1, null, 10)))
                .isEqualTo("1 hang (4.2 s) in the last 30 s; clears after 12 windows without a hang");
    }

    @Test
    void anOpenHangSaysSoFar() {
        assertThat(RuleSentence.of(new State(HANGS, List.of(hang(3000), new Seen(true, 1, 1, 1, 2000, true, "")), 0, 1, null, 10)))
                .isEqualTo("2 hangs (3.0 s, 2.0 s so far) in the last 20 s; clears after 12 windows without a hang");
    }

    @Test
    void manyHangsInOneWindowGiveTheLongestInstead() {
        assertThat(RuleSentence.of(new State(HANGS, List.of(new Seen(true, 3, 3, 3, 2500, false, "")), 0, 1, null, 10)))
                .isEqualTo("3 hangs (longest 2.5 s) in the last 10 s; clears after 12 windows without a hang");
    }

    @Test
    void latencyAgainstItsBaselineSaysTheWorstTheLimitAndNow() {
        List<Seen> windows = List.of(Seen.of(true, 121), Seen.of(true, 90.5), Seen.of(false, 20.25));
        assertThat(RuleSentence.of(new State(LATENCY, windows, 1, 28, 20.0, 10)))
                .isEqualTo("median RTT up to 121 ms, above 28 ms (baseline 20 ms × 1.3 + 2 ms), in 2 of the last 3 windows (30 s); now 20.25 ms; "
                        + "clears after 3 windows at or below 28 ms (1 so far)");
    }

    @Test
    void aDownPathSaysWhatFailed() {
        Seen failed = new Seen(true, 1.0, 0, 0, 0, false, "10 of 10 cycles failed: refused 10");
        assertThat(RuleSentence.of(new State(DOWN, List.of(failed, failed), 0, 1, null, 10)))
                .isEqualTo("failed cycles 100 %, at or above 100 %, in each of the last 2 windows (20 s): 10 of 10 cycles failed: refused 10; "
                        + "clears after 1 window below 100 %");
    }

    @Test
    void lossUpToItsWorstWindow() {
        assertThat(RuleSentence.of(new State(LOSS, List.of(Seen.of(true, 0.05), Seen.of(true, 0.03)), 0, 0.02, null, 10)))
                .isEqualTo("loss up to 5 %, at or above 2 %, in each of the last 2 windows (20 s); clears after 3 windows below 2 %");
    }

    @Test
    void disconnectsAreCounted() {
        List<Seen> windows = List.of(Seen.of(true, 1), Seen.of(true, 1), Seen.of(false, 0));
        assertThat(RuleSentence.of(new State(DISCONNECTS, windows, 1, 1, null, 20)))
                .isEqualTo("2 stream disconnects in the last 1 min; clears after 6 windows without a disconnect (1 so far)");
    }

    @Test
    void aLowerBoundReadsBelow() {
        assertThat(RuleSentence.of(new State(FAST, List.of(Seen.of(true, 0.25)), 0, 1, null, 60)))
                .isEqualTo("median RTT 0.25 ms, below 1 ms, in the last window (1 min); clears after 2 windows at or above 1 ms");
    }

    @Test
    void durationsReadInSecondsMinutesAndHours() {
        assertThat(RuleSentence.duration(30)).isEqualTo("30 s");
        assertThat(RuleSentence.duration(90)).isEqualTo("90 s");
        assertThat(RuleSentence.duration(120)).isEqualTo("2 min");
        assertThat(RuleSentence.duration(5400)).isEqualTo("1 h 30 min");
    }

    @Test
    void thePathSentenceNamesTheStateSinceWhenAndEachRule() {
        RuleFiring hangs = new RuleFiring("hangs", "hangs", ">= 1", 0, 1, null, "count", PathState.DEGRADED,
                "hangs: hangs 0, not >= 1, clear 3 of 12 windows", "2 hangs (4.0 s, 4.0 s) in the last 2 min; clears after 12 windows without a hang (3 so far)");
        RuleFiring loss = new RuleFiring("loss", "loss", ">= 2%", 0.05, 0.02, null, "ratio", PathState.DEGRADED, "loss: loss 5 % >= 2 %",
                "loss 5 %, at or above 2 %, in the last window (10 s); clears after 3 windows below 2 %");
        PathHealth health = new PathHealth(PathState.DEGRADED, Instant.parse("2026-12-01T09:57:30Z"), List.of(hangs, loss));
        assertThat(health.sentence()).isEqualTo("DEGRADED since 09:57 UTC: 2 hangs (4.0 s, 4.0 s) in the last 2 min; clears after 12 windows "
                + "without a hang (3 so far). Loss 5 %, at or above 2 %, in the last window (10 s); clears after 3 windows below 2 %");
        assertThat(health.reasons()).containsExactly(hangs.text(), loss.text());
        assertThat(new PathHealth(PathState.OK, Instant.parse("2026-12-01T10:00:00Z"), List.of()).sentence()).isEqualTo("OK since 10:00 UTC");
    }
}
