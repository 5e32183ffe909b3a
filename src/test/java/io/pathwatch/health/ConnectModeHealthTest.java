package io.pathwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.RuleMapping;
import io.pathwatch.config.BaselineProperties;
import io.pathwatch.config.HealthProperties;
import io.pathwatch.config.PathProperties;
import io.pathwatch.config.PathTlsProperties;
import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connect-mode path under the shipped rules: judged by down, failures, loss (failed connects)
 * and connect latency against its own baseline; no jitter, hang or disconnect rule is there to
 * clear for want of data.
 */
class ConnectModeHealthTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    private static List<Rule> connectRules() {
        HealthProperties health = new HealthProperties(new BaselineProperties(Duration.ofHours(24), 6, Duration.ofHours(6)), List.of());
        PathProperties p = new PathProperties("c", "api.example.com:443", PathTlsProperties.NONE, Map.of(), null, null, null, null, null, null,
                null, null, null, List.of(), List.of(), PathProperties.Mode.CONNECT, "", 0);
        return RuleMapping.rules(health, List.of(p), null).byPath().get("c");
    }

    /** Ten connect cycles, {@code failed} of them refused, the others connecting in {@code connectMs}; nothing else measured. */
    private static WindowSnapshot connects(int failed, double connectMs) {
        long ok = 10 - failed;
        Distribution connect = ok == 0 ? new Distribution(0, null, null, null, null, null, null, null, null, null)
                : new Distribution(ok, connectMs, connectMs, connectMs, connectMs, connectMs, connectMs, connectMs, connectMs, connectMs);
        Distribution none = new Distribution(0, null, null, null, null, null, null, null, null, null);
        return new WindowSnapshot(10, 10, failed, 0, none, connect, null, connect, none, connect, null, null, failed / 10.0, 0,
                new HangSummary(0, 0, 0.0, 0.0, false), Map.of("refused", (long) failed), 0, 0, null, Windows.TRUSTED);
    }

    private List<PathState> run(PathJudge judge, WindowSnapshot w, int times) {
        List<PathState> states = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            now = now.plusSeconds(10);
            states.add(judge.judge(w, now).to());
        }
        return states;
    }

    @Test
    void onlyRulesAConnectCanAnswerJudgeIt() {
        assertThat(connectRules()).extracting(Rule::name).containsExactly("down", "failures", "loss", "latency", "tail-latency");
        assertThat(connectRules()).extracting(r -> r.figure().key())
                .containsExactly("connect.failure_ratio", "connect.failure_ratio", "loss", "connect.p50", "connect.p99");
    }

    @Test
    void connectLatencyAgainstItsBaselineLossAndDownMoveTheState() {
        PathJudge judge = new PathJudge("c", connectRules(), BaselineSettings.DEFAULT);
        List<PathState> learning = run(judge, connects(0, 20), 10);
        assertThat(learning.get(learning.size() - 1)).as("OK once the connect baselines are learned, not UNKNOWN for lack of echoes")
                .isEqualTo(PathState.OK);
        assertThat(judge.active()).isEmpty();

        // 20 ms × 1.3 + 2 ms = 28 ms
        assertThat(run(judge, connects(0, 30), 2)).containsExactly(PathState.OK, PathState.DEGRADED);
        assertThat(judge.active()).extracting(RuleFiring::text)
                .containsExactly("latency: connect.p50 30 ms > 28 ms (baseline 20 ms × 1.3 + 2 ms)");
        run(judge, connects(0, 20), 3);
        assertThat(judge.state()).isEqualTo(PathState.OK);

        assertThat(run(judge, connects(1, 20), 2)).as("1 connect in 10 failed: loss 10 %").containsExactly(PathState.OK, PathState.DEGRADED);
        assertThat(judge.active()).extracting(RuleFiring::text).containsExactly("loss: loss 10 % >= 2 %");
        run(judge, connects(0, 20), 3);

        assertThat(run(judge, connects(10, 0), 2)).containsExactly(PathState.OK, PathState.DOWN);
        assertThat(judge.active()).extracting(RuleFiring::rule).containsExactly("down", "failures", "loss");
    }
}
