package io.pathwatch.api;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.CycleRunner;
import io.pathwatch.path.EchoSample;
import io.pathwatch.stats.StatsRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/paths/{name}/probe}: one probe cycle now, answered when it finishes, with every
 * phase time and every echo's T1..T4. It is not counted in the path's figures. Bounded: one in
 * flight per path and {@link #MAX_IN_FLIGHT} in all; more are refused with 429, not queued.
 */
@RestController
class ProbeNowController {

    static final int MAX_IN_FLIGHT = 16;
    private static final Duration SLOT_TIMEOUT = Duration.ofMinutes(5);

    private final CycleRunner runner;
    private final StatsRegistry stats;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger total = new AtomicInteger();

    ProbeNowController(CycleRunner runner, StatsRegistry stats) {
        this.runner = runner;
        this.stats = stats;
    }

    /**
     * One echo: T1 prober send, T2 responder receive, T3 responder send, T4 prober receive, each in
     * epoch nanoseconds on its own end's clock; times derived from them in ms.
     */
    record Echo(long t1, long t2, long t3, long t4, double rttMs, double networkRttMs, double forwardMs, double reverseMs) {
    }

    /**
     * @param address the IP address the target resolved to, which the cycle connected to (or tried to); null if resolving failed
     * @param mode    {@code stream} or {@code connect} (a connect-mode cycle plans no echo)
     */
    record Result(String path, Instant startedAt, boolean succeeded, String failure, String failedPhase, String detail, Double dnsMs,
            Double connectMs, Double tlsMs, int echoesPlanned, int echoesLost, List<Echo> echoes, String address, String mode) {
    }

    @PostMapping("/api/paths/{name}/probe")
    CompletableFuture<Result> probe(@PathVariable String name) {
        String mode = stats.get(name).orElseThrow(() -> PathsController.unknownPath(name)).path().mode().key();
        if (!inFlight.add(name)) {
            throw Problems.of(HttpStatus.TOO_MANY_REQUESTS, "A probe of this path is running",
                    "One probe-now per path at a time: path " + name + " has one in flight.");
        }
        if (total.incrementAndGet() > MAX_IN_FLIGHT) {
            release(name);
            throw Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many probes running",
                    MAX_IN_FLIGHT + " probe-now requests are in flight; try again when one has finished.");
        }
        Instant started = Instant.now();
        try {
            // a cycle ends by its own deadlines; the bound here only keeps a slot from leaking should one never end
            return runner.runNow(name).orTimeout(SLOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((o, e) -> release(name))
                    .thenApply(o -> result(name, started, o, mode));
        } catch (RuntimeException e) {
            release(name);
            if (e instanceof IllegalStateException) {
                throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Probing has stopped", e.getMessage());
            }
            throw e;
        }
    }

    private void release(String name) {
        total.decrementAndGet();
        inFlight.remove(name);
    }

    private static Result result(String path, Instant started, CycleOutcome o, String mode) {
        List<Echo> echoes = o.echoes().stream().map(ProbeNowController::echo).toList();
        return new Result(path, started, o.succeeded(), o.failure() == null ? null : o.failure().key(),
                o.failedPhase() == null ? null : o.failedPhase().name(), o.detail(), ms(o.dnsNanos()), ms(o.connectNanos()), ms(o.tlsNanos()),
                o.echoesPlanned(), o.echoesLost(), echoes, o.address(), mode);
    }

    private static Echo echo(EchoSample e) {
        return new Echo(e.t1(), e.t2(), e.t3(), e.t4(), signedMs(e.rttNanos()), signedMs(e.networkRttNanos()), signedMs(e.forwardNanos()),
                signedMs(e.reverseNanos()));
    }

    /** One-way times can come out negative when the two clocks disagree. */
    private static double signedMs(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /** A phase time, or null for a phase that did not run. */
    private static Double ms(long nanos) {
        return nanos < 0 ? null : Math.round(nanos / 1000.0) / 1000.0;
    }
}
