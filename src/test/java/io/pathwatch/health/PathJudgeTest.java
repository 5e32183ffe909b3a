package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.RuleMapping;
import io.pathwatch.config.HealthProperties;
import io.pathwatch.config.PathProperties;
import io.pathwatch.config.RuleProperties;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The health state machine, as tables of window sequences and the states they lead to. */
class PathJudgeTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final WindowSnapshot GOOD = Windows.rtt(20, 25, 0.5);
    private static final WindowSnapshot BAD = Windows.rtt(80, 90, 0.5);
    private static final WindowSnapshot NO_RTT = Windows.window(10, 0, null, null, null, 0.0, 0, 0);

    private Instant now = T0;

    private List<PathState> run(PathJudge judge, List<WindowSnapshot> windows) {
        List<PathState> states = new ArrayList<>();
        for (WindowSnapshot w : windows) {
            now = now.plusSeconds(10);
            states.add(judge.judge(w, now).to());
        }
        return states;
    }

    private static PathJudge judge(BaselineSettings baseline, RuleProperties... rules) {
        return new PathJudge("p", Arrays.stream(rules).map(RuleMapping::rule).toList(), baseline);
    }

    /** The shipped rules as a path with no overrides gets them. */
    private static PathJudge shipped() {
        HealthProperties health = new HealthProperties(new io.pathwatch.config.BaselineProperties(Duration.ofHours(24), 6, Duration.ofHours(6)), List.of());
        List<Rule> rules = RuleMapping.rules(health, List.of(PathProperties.of("p", "h:1", Map.of())), null).byPath().get("p");
        return new PathJudge("p", rules, BaselineSettings.DEFAULT);
    }

    @Test
    void theShippedHangRuleReadsAsASentenceWhileItClears() {
        PathJudge judge = shipped();
        run(judge, repeat(GOOD, 10));
        WindowSnapshot hung = Windows.window(10, 0, 20.0, 25.0, 0.5, 0.0, 1, 0);
        run(judge, List.of(hung, hung, GOOD, GOOD, GOOD));
        RuleFiring hangs = judge.active().get(0);
        assertThat(hangs.text()).isEqualTo("hangs: hangs 0, not >= 1, clear 3 of 12 windows");
        assertThat(hangs.sentence()).isEqualTo("2 hangs (1.5 s, 1.5 s) in the last 2 min; clears after 12 windows without a hang (3 so far)");
    }

    @ParameterizedTest(name = "for 3, clear-for 2: {0} -> {1}")
    @CsvSource({
            "G G G B G G,           OK OK OK OK OK OK",
            "B B B G G,             OK OK DEGRADED DEGRADED OK",
            "B B G B B B G B G G,   OK OK OK OK OK DEGRADED DEGRADED DEGRADED DEGRADED OK",
            "B B N B G N G,         OK OK OK DEGRADED DEGRADED DEGRADED OK",
            "B B B B B B B B G B,   OK OK DEGRADED DEGRADED DEGRADED DEGRADED DEGRADED DEGRADED DEGRADED DEGRADED",
    })
    void forAndClearForHoldExactly(String windows, String expected) {
        PathJudge judge = judge(BaselineSettings.DEFAULT, RuleProperties.of("slow", "rtt.p50", "> 50ms", "DEGRADED", 3, 2));
        assertThat(run(judge, repeat(GOOD, 3))).as("warm-up").containsExactly(PathState.UNKNOWN, PathState.UNKNOWN, PathState.OK);
        List<WindowSnapshot> input = Arrays.stream(windows.trim().split("\\s+"))
                .map(c -> switch (c) { case "B" -> BAD; case "N" -> NO_RTT; default -> GOOD; }).toList();
        assertThat(run(judge, input)).containsExactlyElementsOf(Arrays.stream(expected.trim().split("\\s+")).map(PathState::valueOf).toList());
    }

    @ParameterizedTest(name = "for 2 within 4, clear-for 3: {0} -> {1}")
    @CsvSource({
            "B G G B,           OK OK OK DEGRADED",
            "B G G G B,         OK OK OK OK OK",
            "B N N G B,         OK OK OK OK DEGRADED",
            "B B G G G,         OK DEGRADED DEGRADED DEGRADED OK",
    })
    void forWithinCountsFiringWindowsAmongTheLastOnesJudged(String windows, String expected) {
        PathJudge judge = judge(BaselineSettings.DEFAULT, RuleProperties.of("slow", "rtt.p50", "> 50ms", "DEGRADED", 2, 4, 3));
        run(judge, repeat(GOOD, 4));
        List<WindowSnapshot> input = Arrays.stream(windows.trim().split("\\s+"))
                .map(c -> switch (c) { case "B" -> BAD; case "N" -> NO_RTT; default -> GOOD; }).toList();
        assertThat(run(judge, input)).containsExactlyElementsOf(Arrays.stream(expected.trim().split("\\s+")).map(PathState::valueOf).toList());
    }

    @ParameterizedTest(name = "for 2, clear-for 2: {0} -> {1}")
    @CsvSource({
            // U: a bad window measured while the prober lagged; u: a good one. Neither fires nor clears.
            "U U U U,           OK OK OK OK",
            "B U B,             OK OK DEGRADED",
            "B B u u G G,       OK DEGRADED DEGRADED DEGRADED DEGRADED OK",
            "B B U G G,         OK DEGRADED DEGRADED DEGRADED OK",
    })
    void windowsTheProberCouldNotBeTrustedToMeasureNeitherRaiseNorClearAnything(String windows, String expected) {
        PathJudge judge = judge(BaselineSettings.DEFAULT, RuleProperties.of("slow", "rtt.p50", "> 50ms", "DEGRADED", 2, 2),
                RuleProperties.of("hangs", "hangs", ">= 1", "DEGRADED", 1, 1),
                RuleProperties.of("loss", "loss", ">= 2%", "DOWN", 1, 1));
        run(judge, repeat(GOOD, 2));
        WindowSnapshot everythingBad = Windows.untrusted(Windows.window(10, 5, 80.0, 300.0, 40.0, 0.5, 3, 2), 12.5);
        List<WindowSnapshot> input = Arrays.stream(windows.trim().split("\\s+"))
                .map(c -> switch (c) { case "B" -> BAD; case "U" -> everythingBad; case "u" -> Windows.untrusted(GOOD, 9.0); default -> GOOD; }).toList();
        assertThat(run(judge, input)).containsExactlyElementsOf(Arrays.stream(expected.trim().split("\\s+")).map(PathState::valueOf).toList());
    }

    @Test
    void anUntrustedWindowSaysTheProberWasOverloadedInsteadOfBlamingThePath() {
        PathJudge judge = judge(BaselineSettings.DEFAULT, RuleProperties.of("slow", "rtt.p50", "> 50ms", "DEGRADED", 1, 1));
        run(judge, repeat(GOOD, 2));
        PathJudge.Judgement j = judge.judge(Windows.untrusted(BAD, 12.5), now.plusSeconds(10));
        assertThat(j.to()).isEqualTo(PathState.OK);
        assertThat(j.overloaded()).startsWith("prober overloaded: its own lag p99 12.5 ms exceeded max-self-lag 5 ms");
        assertThat(new PathHealth(j.to(), now, j.active(), j.overloaded()).reasons()).singleElement().asString().contains("prober overloaded");
    }

    @Test
    void aPathIsUnknownUntilEveryRuleCouldHaveFiredUnlessOneAlreadyHas() {
        PathJudge judge = shipped();
        assertThat(judge.state()).isEqualTo(PathState.UNKNOWN);
        assertThat(run(judge, List.of(Windows.window(0, 0, null, null, null, null, 0, 0)))).containsExactly(PathState.UNKNOWN);
        // the longest `for` is 3 windows, the baselines seed in 6
        assertThat(run(judge, repeat(GOOD, 6))).containsExactly(PathState.UNKNOWN, PathState.UNKNOWN, PathState.UNKNOWN,
                PathState.UNKNOWN, PathState.UNKNOWN, PathState.OK);
        PathJudge dead = shipped();
        assertThat(run(dead, List.of(Windows.down(), Windows.down()))).containsExactly(PathState.UNKNOWN, PathState.DOWN);
    }

    @Test
    void savedBaselinesComeBackAfterARestartSoTheProblemIsStillJudgedAgainstTheNormal() {
        PathJudge before = shipped();
        run(before, repeat(GOOD, 20));
        PathJudge after = shipped();
        after.restoreBaselines(before.exportBaselines());
        assertThat(after.baselines().get("rtt.p50").value()).isEqualTo(20.0);
        assertThat(after.baselines().get("rtt.p50").windows()).isEqualTo(20);
        // the path came back from the restart 100 ms slower: DEGRADED after `for`, never OK in between
        assertThat(run(after, repeat(Windows.rtt(120, 125, 0.5), 3))).containsExactly(PathState.UNKNOWN, PathState.DEGRADED, PathState.DEGRADED);
    }

    @Test
    void theWorstRuleInEffectSetsTheStateAndEachNamesItsFigures() {
        PathJudge judge = judge(BaselineSettings.DEFAULT, RuleProperties.of("slow", "rtt.p50", "> 50ms", "DEGRADED", 1, 1),
                RuleProperties.of("dead", "connect.failure_ratio", ">= 100%", "DOWN", 2, 1));
        assertThat(run(judge, List.of(BAD, Windows.down(), Windows.down(), BAD))).containsExactly(
                PathState.DEGRADED, PathState.DEGRADED, PathState.DOWN, PathState.DEGRADED);
        // the slow rule had no RTT to judge while the path was down: it stayed in effect
        assertThat(judge.active()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("slow");
            assertThat(f.observed()).isEqualTo(80.0);
            assertThat(f.threshold()).isEqualTo(50.0);
            assertThat(f.text()).isEqualTo("slow: rtt.p50 80 ms > 50 ms");
        });
    }

    /** Each shipped rule, provoked for one window after a steady hour, leaves the path OK; provoked for its `for` windows in a row, it does not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "latency,      2, DEGRADED",
            "tail-latency, 3, DEGRADED",
            "jitter,       3, DEGRADED",
            "loss,         2, DEGRADED",
            "failures,     2, DEGRADED",
            "down,         2, DOWN",
            "hangs,        2, DEGRADED",
            "disconnects,  2, DEGRADED",
    })
    void aSingleBadWindowNeverMovesTheStateButForWindowsInARowDo(String rule, int forWindows, PathState state) {
        Map<String, Supplier<WindowSnapshot>> bad = Map.of(
                "latency", () -> Windows.rtt(120, 125, 0.5),
                "tail-latency", () -> Windows.rtt(20, 90, 0.5),
                "jitter", () -> Windows.rtt(20, 25, 9),
                "loss", () -> Windows.window(10, 0, 20.0, 25.0, 0.5, 0.05, 0, 0),
                "failures", () -> Windows.window(10, 3, 20.0, 25.0, 0.5, 0.0, 0, 0),
                "down", Windows::down,
                "hangs", () -> Windows.window(10, 0, 20.0, 25.0, 0.5, 0.0, 1, 0),
                "disconnects", () -> Windows.window(10, 0, 20.0, 25.0, 0.5, 0.0, 0, 1));
        PathJudge judge = shipped();
        List<WindowSnapshot> steadyHour = new ArrayList<>();
        for (int i = 0; i < 360; i++) {
            steadyHour.add(GOOD);
        }
        List<PathState> hour = run(judge, steadyHour);
        assertThat(hour.subList(6, hour.size())).containsOnly(PathState.OK);
        List<WindowSnapshot> once = new ArrayList<>(List.of(bad.get(rule).get()));
        once.addAll(repeat(GOOD, 15));
        assertThat(run(judge, once)).as("one bad window").containsOnly(PathState.OK);
        List<WindowSnapshot> repeated = new ArrayList<>();
        for (int i = 0; i < forWindows; i++) {
            repeated.add(bad.get(rule).get());
        }
        List<PathState> states = run(judge, repeated);
        assertThat(states.subList(0, forWindows - 1)).containsOnly(PathState.OK);
        assertThat(states.get(forWindows - 1)).isEqualTo(state);
        assertThat(judge.active()).extracting(RuleFiring::rule).contains(rule);
    }

    @Test
    void relativeThresholdsFollowEachPathsOwnBaseline() {
        RuleProperties latency = RuleProperties.of("latency", "rtt.p50", "> baseline * 1.3 + 2ms", "DEGRADED", 2, 2);
        PathJudge short20 = judge(BaselineSettings.DEFAULT, latency);
        PathJudge long200 = judge(BaselineSettings.DEFAULT, latency);
        run(short20, repeat(Windows.rtt(20, 25, 0.5), 10));
        run(long200, repeat(Windows.rtt(200, 210, 1), 10));
        assertThat(short20.baselines().get("rtt.p50").value()).isEqualTo(20.0);
        assertThat(long200.baselines().get("rtt.p50").value()).isEqualTo(200.0);
        // 27.9 ms is within 20 × 1.3 + 2 = 28 ms; 28.5 is not
        assertThat(run(short20, repeat(Windows.rtt(27.9, 30, 0.5), 5))).containsOnly(PathState.OK);
        assertThat(run(short20, repeat(Windows.rtt(28.5, 30, 0.5), 2))).containsExactly(PathState.OK, PathState.DEGRADED);
        assertThat(short20.active().get(0).text()).isEqualTo("latency: rtt.p50 28.5 ms > 28 ms (baseline 20 ms × 1.3 + 2 ms)");
        // the same 28.5 ms is nothing for the 200 ms path; 262 ms is its limit
        assertThat(run(long200, repeat(Windows.rtt(261, 270, 1), 5))).containsOnly(PathState.OK);
        assertThat(run(long200, repeat(Windows.rtt(263, 270, 1), 2))).containsExactly(PathState.OK, PathState.DEGRADED);
    }

    @Test
    void aBaselineIsNotLearnedFromWindowsThatBreachItUntilAdoptAfter() {
        BaselineSettings settings = new BaselineSettings(Duration.ofHours(24), 6, Duration.ofMinutes(10), null);
        PathJudge judge = judge(settings, RuleProperties.of("latency", "rtt.p50", "> baseline * 1.3 + 2ms", "DEGRADED", 2, 3));
        run(judge, repeat(Windows.rtt(20, 25, 0.5), 6));
        // 100 ms more for 9 minutes: DEGRADED throughout, the baseline still 20
        List<PathState> shifted = run(judge, repeat(Windows.rtt(120, 125, 0.5), 54));
        assertThat(shifted.get(0)).isEqualTo(PathState.OK);
        assertThat(shifted.subList(1, 54)).containsOnly(PathState.DEGRADED);
        assertThat(judge.baselines().get("rtt.p50")).satisfies(b -> {
            assertThat(b.value()).isEqualTo(20.0);
            assertThat(b.held()).isEqualTo(54);
        });
        // past adopt-after (10 min) the new level is learned afresh and becomes the normal
        List<PathState> later = run(judge, repeat(Windows.rtt(120, 125, 0.5), 20));
        assertThat(later.get(later.size() - 1)).isEqualTo(PathState.OK);
        assertThat(judge.baselines().get("rtt.p50").value()).isEqualTo(120.0);
    }

    /** A day of realistic noise, spikes included, on a 0.2 ms LAN path and a 200 ms intercontinental one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "LAN 0.2 ms,            0.2,   0.03, 0.4,  20,  0.1,  1",
            "intercontinental 200,  200,   2.0,  6.0,  150, 1.5,  2",
    })
    void lanAndIntercontinentalPathsStayOkUnderTheirNormalNoiseWithTheShippedRules(String label, double p50, double p50Sigma,
            double tailMean, double spike, double jitterMean, long seed) {
        PathJudge judge = shipped();
        Random random = new Random(seed);
        List<WindowSnapshot> day = new ArrayList<>();
        for (int i = 0; i < 8640; i++) {
            double median = p50 + random.nextGaussian() * p50Sigma;
            double p99 = median + tailMean * -Math.log(1 - random.nextDouble()) + (random.nextDouble() < 0.01 ? spike : 0);
            double jitter = jitterMean * (0.5 - Math.log(1 - random.nextDouble())) + (random.nextDouble() < 0.01 ? spike / 4 : 0);
            // one lost echo in a window now and then, a lone failed cycle, a lone hang every few hours
            double loss = random.nextDouble() < 0.01 ? 1 / 150.0 : 0.0;
            long failed = random.nextDouble() < 0.005 ? 1 : 0;
            long hangs = i % 997 == 500 ? 1 : 0;
            day.add(Windows.window(10, failed, median, p99, jitter, loss, hangs, 0));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < day.size(); i++) {
            now = now.plusSeconds(10);
            PathState s = judge.judge(day.get(i), now).to();
            if (s != PathState.OK && !(i < 6 && s == PathState.UNKNOWN)) {
                problems.add("window " + i + ": " + judge.active());
            }
        }
        assertThat(problems).as(label).isEmpty();
        assertThat(judge.baselines().get("rtt.p50").value()).isCloseTo(p50, org.assertj.core.data.Offset.offset(p50Sigma));
    }

    private static List<WindowSnapshot> repeat(WindowSnapshot w, int n) {
        List<WindowSnapshot> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(w);
        }
        return out;
    }
}
