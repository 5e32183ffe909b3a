package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.RuleMapping;
import io.pathwatch.config.RuleProperties;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New rules from a reload judge the next window; what the path learned under the old rules stays. */
class RuleReloadTest {

    private static final WindowSnapshot GOOD = Windows.rtt(20, 25, 0.5);
    private static final WindowSnapshot BAD = Windows.rtt(80, 90, 0.5);
    private static final RuleProperties LATENCY = RuleProperties.of("latency", "rtt.p50", "> baseline * 1.3 + 2ms", "DEGRADED", 2, 2);
    private static final RuleProperties SLOW = RuleProperties.of("slow", "rtt.p50", "> 50ms", "DOWN", 3, 2);

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    private List<PathState> run(PathJudge judge, WindowSnapshot... windows) {
        List<PathState> states = new ArrayList<>();
        for (WindowSnapshot w : windows) {
            now = now.plusSeconds(10);
            states.add(judge.judge(w, now).to());
        }
        return states;
    }

    private static List<Rule> rules(RuleProperties... r) {
        return Arrays.stream(r).map(RuleMapping::rule).toList();
    }

    private static WindowSnapshot[] times(WindowSnapshot w, int n) {
        WindowSnapshot[] out = new WindowSnapshot[n];
        Arrays.fill(out, w);
        return out;
    }

    @Test
    void anUnchangedRuleKeepsCountingAndTheBaselineStays() {
        PathJudge judge = new PathJudge("p", rules(LATENCY), BaselineSettings.DEFAULT);
        run(judge, times(GOOD, 8));
        assertThat(judge.baselines().get("rtt.p50").value()).isEqualTo(20.0);
        assertThat(run(judge, BAD)).containsExactly(PathState.OK);

        // a rule is added beside the unchanged one, one window into a bad spell
        PathJudge reloaded = judge.withRules(rules(LATENCY, SLOW));
        assertThat(reloaded.baselines().get("rtt.p50").value()).as("the baseline learned before the reload").isEqualTo(20.0);
        assertThat(reloaded.baselines().get("rtt.p50").windows()).isEqualTo(judge.baselines().get("rtt.p50").windows());
        // the unchanged latency rule fires at its 2nd bad window (counting the one before the reload); the new rule needs 3 of its own
        assertThat(run(reloaded, BAD, BAD, BAD)).containsExactly(PathState.DEGRADED, PathState.DEGRADED, PathState.DOWN);
    }

    @Test
    void theStateStaysUntilTheNextWindowIsJudgedByTheNewRules() {
        PathJudge judge = new PathJudge("p", rules(SLOW), BaselineSettings.DEFAULT);
        run(judge, times(GOOD, 3));
        assertThat(run(judge, BAD, BAD, BAD)).endsWith(PathState.DOWN);

        PathJudge reloaded = judge.withRules(rules(RuleProperties.of("slow", "rtt.p50", "> 100ms", "DOWN", 3, 2)));
        assertThat(reloaded.state()).as("no window judged yet: the state it had").isEqualTo(PathState.DOWN);
        assertThat(run(reloaded, BAD)).as("80 ms is fine by the new threshold").containsExactly(PathState.OK);
    }
}
