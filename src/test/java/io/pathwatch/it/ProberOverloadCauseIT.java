package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.bench.OverloadCauseBenchmark;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.wire.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One run of issue 13's local_overload case: a prober overloaded for real (5,000 paths with a
 * 100 ms heartbeat on one event loop, at most 45 s; {@code bench/run.sh overload-causes} repeats
 * it) never blames the network for its hangs: they are its own (local_overload) or, as the
 * responder in the same process shares the two CPUs and falls behind too (above all while 5,000
 * connections open), the far end's (far_end_stall). Whether the loops fall behind at all depends
 * on the machine: with no hang there is nothing to judge, and the test says so and skips.
 */
class ProberOverloadCauseIT {

    @Test
    void anOverloadedProberBlamesItsHangsOnItself() throws Exception {
        assumeThat(Transport.best()).as("local_overload needs the prober's TCP_INFO: native epoll").isEqualTo(Transport.EPOLL);
        List<StallAttribution> settled = OverloadCauseBenchmark.run(5000, 45, 5, System.out);
        List<StallAttribution> hangs = settled.stream().filter(a -> a.subject() == StallAttribution.Subject.HANG).toList();
        assumeThat(hangs).as("the event loop kept up with 5,000 paths on this machine: no hang to attribute").isNotEmpty();
        System.out.println("hangs by cause: " + hangs.stream().collect(java.util.stream.Collectors.groupingBy(StallAttribution::cause,
                java.util.stream.Collectors.counting())));
        assertThat(hangs).as("every hang of an overloaded prober and responder").allSatisfy(a -> assertThat(a.cause())
                .as(a.sentence() + " " + a.evidence()).isIn(StallCause.LOCAL_OVERLOAD, StallCause.FAR_END_STALL));
        assertThat(settled).as("no failed cycle blamed on the network either")
                .noneMatch(a -> a.cause() == StallCause.FORWARD_LOSS || a.cause() == StallCause.REVERSE_LOSS
                        || a.cause() == StallCause.FORWARD_OR_REVERSE_LOSS);
    }
}
