package io.pathwatch.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One path of a running prober as {@code GET /api/paths/{name}?window=1h} shows it (an hour, so that no hang of a run falls out of the window between two reads), read over
 * real HTTP (inside a namespace or on loopback), for tests that impair the path and watch what it
 * reports: its hangs, their causes, the causes of its failed cycles.
 */
public final class PathApi {

    /** GET a JSON object from the prober, given the path and query of the URL. */
    @FunctionalInterface
    public interface JsonGet {
        Map<String, Object> get(String pathAndQuery) throws Exception;
    }

    /** Counts just before an impairment, so that what it caused is the difference. */
    public record Mark(long hangs, double hangMs, long resets, Map<String, Long> cycleCauses) {
    }

    /** After the hang closed, how long its settled cause may take: the responder's view is fetched over a fresh connection. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final JsonGet http;
    public final String name;

    public PathApi(JsonGet http, String name) {
        this.http = http;
        this.name = name;
    }

    public Map<String, Object> window() throws Exception {
        return Http.map(http.get("/api/paths/" + name + "?window=1h").get("window"));
    }

    /** The stream's echoes counted in the health details' window (the path API shows no stream RTT). */
    public long streamEchoes() throws Exception {
        Map<String, Object> health = http.get("/actuator/health/paths");
        Map<String, Object> w = Http.map(Http.map(Http.map(Http.map(health.get("components")).get(name)).get("details")).get("window"));
        return ((Number) Http.map(w.get("streamRtt")).get("count")).longValue();
    }

    /**
     * Waits until the stream is connected, no hang is open, and it echoed in the last window seen by
     * the health (at least ten echoes there): it echoes now. (That window's count is not cumulative,
     * so waiting for it to grow could wait forever once it is full.)
     */
    public void awaitEchoing(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Map<String, Object> view = http.get("/api/paths/" + name + "?window=5m");
            return Boolean.TRUE.equals(Http.map(view.get("stream")).get("connected"))
                    && !Boolean.TRUE.equals(Http.map(Http.map(view.get("window")).get("hangs")).get("open"))
                    && streamEchoes() >= 10;
        });
    }

    public Mark mark() throws Exception {
        Map<String, Object> w = window();
        Map<String, Object> hangs = Http.map(w.get("hangs"));
        return new Mark(num(hangs.get("count")), dbl(hangs.get("totalMs")), num(Http.map(w.get("errors")).get("reset")), counts(w.get("cycleCauses")));
    }

    /**
     * Waits for the hang the impairment (begun at {@code startedAt}) caused to close, then, where
     * the API attributes causes, for its settled cause: {@code window.hangs.last} with
     * {@code open=false}, a cause, and a start within 1 s of the impairment's.
     */
    public StallObservation awaitHang(StallCase c, Mark before, Instant startedAt, Duration atMost) throws Exception {
        AtomicReference<Map<String, Object>> w = new AtomicReference<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Map<String, Object> hangs = Http.map(w.updateAndGet(x -> get()).get("hangs"));
                return num(hangs.get("count")) > before.hangs() && Boolean.FALSE.equals(hangs.get("open"));
            });
        } catch (ConditionTimeoutException e) {
            return observation(c, before, w.get(), null);
        }
        if (!attributed(w.get())) {
            return observation(c, before, w.get(), null);
        }
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> settled(Http.map(Http.map(w.updateAndGet(x -> get()).get("hangs")).get("last")), startedAt));
        } catch (ConditionTimeoutException e) {
            return observation(c, before, w.get(), null);
        }
        return observation(c, before, w.get(), Http.map(Http.map(w.get().get("hangs")).get("last")));
    }

    /**
     * Waits until cycles failed with {@code reset} since {@code before}, then, where the API
     * attributes causes, until a cycle's cause is {@code reset}.
     */
    public StallObservation awaitResets(StallCase c, Mark before, Duration atMost) throws Exception {
        AtomicReference<Map<String, Object>> w = new AtomicReference<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> num(Http.map(w.updateAndGet(x -> get()).get("errors")).get("reset")) > before.resets());
            if (attributed(w.get())) {
                await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> counts(w.updateAndGet(x -> get()).get("cycleCauses")).getOrDefault(c.expected, 0L)
                                > before.cycleCauses().getOrDefault(c.expected, 0L));
            }
        } catch (ConditionTimeoutException e) {
            // what came so far is the observation
        }
        return observation(c, before, w.get(), null);
    }

    /** Waits until cycles failed after connecting and got causes since {@code before}, and a few seconds more for the rest to settle. */
    public StallObservation awaitCycleCauses(StallCase c, Mark before, Duration atMost) throws Exception {
        AtomicReference<Map<String, Object>> w = new AtomicReference<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> sum(counts(w.updateAndGet(x -> get()).get("cycleCauses"))) > sum(before.cycleCauses()));
            long seen = sum(counts(w.get().get("cycleCauses")));
            // the cycles of the whole impairment: up to a timeout after it, then their causes
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> sum(counts(w.updateAndGet(x -> get()).get("cycleCauses"))) >= seen);
        } catch (ConditionTimeoutException e) {
            // what came so far is the observation
        }
        return observation(c, before, w.get(), null);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, Object> get() {
        try {
            return window();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attribution is merged: the hangs carry {@code last} or {@code causes}. */
    private static boolean attributed(Map<String, Object> w) {
        Map<String, Object> hangs = w == null ? Map.of() : Http.map(w.get("hangs"));
        return hangs.containsKey("last") || hangs.containsKey("causes") || w != null && w.containsKey("cycleCauses");
    }

    private static boolean settled(Map<String, Object> last, Instant startedAt) {
        if (last == null || !Boolean.FALSE.equals(last.get("open")) || last.get("cause") == null) {
            return false;
        }
        Instant start = instant(last.get("start"));
        return start == null || Duration.between(startedAt, start).abs().compareTo(Duration.ofSeconds(1)) <= 0;
    }

    private static Instant instant(Object v) {
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return v == null ? null : Instant.parse(v.toString());
    }

    private static StallObservation observation(StallCase c, Mark before, Map<String, Object> w, Map<String, Object> last) {
        if (w == null) {
            return new StallObservation(c, 0, 0, false, null, null, 0, Map.of(), "(the API never answered)");
        }
        Map<String, Object> hangs = Http.map(w.get("hangs"));
        Map<String, Long> causes = new LinkedHashMap<>();
        counts(w.get("cycleCauses")).forEach((k, n) -> causes.put(k, n - before.cycleCauses().getOrDefault(k, 0L)));
        Object lastDuration = last == null ? null : last.get("durationMs");
        return new StallObservation(c, num(hangs.get("count")) - before.hangs(), dbl(hangs.get("totalMs")) - before.hangMs(), attributed(w),
                last == null ? null : String.valueOf(last.get("cause")), lastDuration == null ? null : ((Number) lastDuration).doubleValue(),
                num(Http.map(w.get("errors")).get("reset")) - before.resets(), causes,
                "hangs " + hangs + ", cycleCauses " + w.get("cycleCauses") + ", errors " + w.get("errors"));
    }

    private static Map<String, Long> counts(Object o) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (o != null) {
            Http.map(o).forEach((k, v) -> out.put(k, num(v)));
        }
        return out;
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static double dbl(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }
}
