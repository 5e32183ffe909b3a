package io.pathwatch.bench;

import io.pathwatch.testing.LoopbackStallRig;
import io.pathwatch.testing.NetnsHosts;
import io.pathwatch.testing.NetnsStallRig;
import io.pathwatch.testing.StallCase;
import io.pathwatch.testing.StallObservation;
import io.pathwatch.testing.StunnelPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Issue 13's accuracy claim: each stall case of {@code NetnsStallCauseIT}, provoked {@code runs}
 * times (default 10, at most 50), the cases interleaved so that a drift of the machine touches
 * them all alike, with the same rigs as the test (one prober per rig, reused across runs). Prints
 * one line per run and then the confusion matrix: per case, its expected cause against every cause
 * reported, the accuracy (right / runs), and the hang durations. {@code (absent)}: the API
 * attributes no causes; {@code (none)}: no settled cause came; {@code (error)}: the run itself
 * failed (no hang, the stream did not come back...).
 *
 * <pre>bench/run.sh stall-causes [runs] [case-key...]</pre>
 */
public final class StallCauseBenchmark {

    private static final int MAX_RUNS = 50;
    private static final String TAG = "scb";

    private StallCauseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (runs < 1 || runs > MAX_RUNS) {
            System.err.println("runs must be 1.." + MAX_RUNS);
            System.exit(2);
        }
        List<StallCase> cases = new ArrayList<>();
        for (StallCase c : StallCase.values()) {
            if (args.length <= 1 || List.of(args).subList(1, args.length).contains(c.key)) {
                cases.add(c);
            }
        }
        Path dir = BenchSupport.runDir("stall-causes");
        String netnsMissing = NetnsStallRig.missing();
        String stunnelMissing = StunnelPair.missing();
        cases.removeIf(c -> {
            String why = c.netns ? netnsMissing : c == StallCase.STUNNEL_STALL ? stunnelMissing : null;
            if (why != null) {
                System.out.println("skipping " + c.key + ": " + why);
            }
            return why != null;
        });
        LoopbackStallRig loopback = null;
        NetnsStallRig netns = null;
        try {
            if (cases.stream().anyMatch(c -> !c.netns)) {
                // its prober's command line names the run's directory: bench/run.sh's trap may end it by that
                loopback = LoopbackStallRig.start(dir, cases.contains(StallCase.STUNNEL_STALL), List.of("-Dbench.dir=" + dir));
                BenchSupport.leftover(dir, "pid", loopback.proberPid());
            }
            if (cases.stream().anyMatch(c -> c.netns)) {
                for (String ns : NetnsHosts.names(TAG)) {
                    BenchSupport.leftover(dir, "netns", ns);
                }
                netns = NetnsStallRig.start(dir, TAG);
                System.out.println("namespaces: TCP retransmission timeout capped at 1 s: " + netns.rtoCapped());
            }
            Map<StallCase, Map<String, Integer>> matrix = new EnumMap<>(StallCase.class);
            Map<StallCase, List<Double>> hangMs = new EnumMap<>(StallCase.class);
            for (int run = 1; run <= runs; run++) {
                for (StallCase c : cases) {
                    String reported;
                    try {
                        StallObservation o = c.netns ? netns.run(c) : loopback.run(c);
                        reported = c.hang && o.hangsAdded() != 1 ? "(error)" : o.reported();
                        if (c.hang && o.hangsAdded() == 1) {
                            hangMs.computeIfAbsent(c, k -> new ArrayList<>()).add(o.hangMs());
                        }
                        System.out.printf("run %d %s: %d new hang(s), %.1f ms, resets %d; reported %s%n", run, c.key, o.hangsAdded(), o.hangMs(),
                                o.resetsAdded(), reported);
                    } catch (Exception | AssertionError e) {
                        reported = "(error)";
                        System.out.printf("run %d %s: failed: %s%n", run, c.key, e);
                    }
                    matrix.computeIfAbsent(c, k -> new LinkedHashMap<>()).merge(reported, 1, Integer::sum);
                }
            }
            print(matrix, hangMs, runs);
        } finally {
            if (netns != null) {
                netns.close();
            }
            if (loopback != null) {
                loopback.close();
            }
        }
    }

    private static void print(Map<StallCase, Map<String, Integer>> matrix, Map<StallCase, List<Double>> hangMs, int runs) {
        TreeSet<String> columns = new TreeSet<>();
        matrix.values().forEach(m -> columns.addAll(m.keySet()));
        matrix.keySet().forEach(c -> columns.add(c.expected));
        StringBuilder head = new StringBuilder("| case | expected |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String col : columns) {
            head.append(' ').append(col).append(" |");
            rule.append("---|");
        }
        head.append(" accuracy | hang ms (min / median / max) |");
        rule.append("---|---|");
        System.out.println();
        System.out.println("stall causes, " + runs + " run(s) per case (rows: what was provoked; columns: the cause reported)");
        System.out.println(head);
        System.out.println(rule);
        matrix.forEach((c, counts) -> {
            StringBuilder row = new StringBuilder("| " + c.key + " | " + c.expected + " |");
            for (String col : columns) {
                int n = counts.getOrDefault(col, 0);
                row.append(' ').append(col.equals(c.expected) ? "**" + n + "**" : String.valueOf(n)).append(" |");
            }
            int right = counts.getOrDefault(c.expected, 0);
            row.append(String.format(" %d/%d (%.0f %%) |", right, runs, 100.0 * right / runs));
            List<Double> ms = new ArrayList<>(hangMs.getOrDefault(c, List.of()));
            ms.sort(null);
            row.append(ms.isEmpty() ? " – |" : String.format(" %.0f / %.0f / %.0f |", ms.get(0), ms.get(ms.size() / 2), ms.get(ms.size() - 1)));
            System.out.println(row);
        });
    }
}
