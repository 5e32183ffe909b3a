package io.pathwatch.metrics;

/**
 * Every meter name and tag pathwatch publishes. Tags come only from configuration ({@code path},
 * {@code agent} on every meter, {@code kind} for errors), never from addresses, so their number
 * stays bounded. In Prometheus the dots become underscores and the base unit is appended
 * ({@code pathwatch.rtt} → {@code pathwatch_rtt_seconds_bucket}); CloudWatch keeps the names and
 * adds Micrometer's statistic suffix to the plain values ({@code pathwatch.jitter.value},
 * {@code pathwatch.hangs.count}), while {@link #RTT} and {@link #CONNECT} go there as they are,
 * with value/count arrays.
 */
public final class MeterNames {

    /** Echo round trip of the probe cycles: a histogram (Prometheus), value/count arrays (CloudWatch). */
    public static final String RTT = "pathwatch.rtt";
    /** TCP connect time of the probe cycles, like {@link #RTT}. */
    public static final String CONNECT = "pathwatch.connect";
    /** RFC 3550 jitter of the stream in the last window, ms. */
    public static final String JITTER = "pathwatch.jitter";
    /** rtt p99 − p50 in the last window, ms. */
    public static final String SPREAD = "pathwatch.spread";
    /** Lost echoes and heartbeats / sent, in the last window. */
    public static final String LOSS = "pathwatch.loss";
    /** Hangs of the stream, counted when detected. */
    public static final String HANGS = "pathwatch.hangs";
    /** Time the stream spent hung, seconds, added window by window while a hang lasts (its rate is the share of time hung). */
    public static final String HANG_DURATION = "pathwatch.hang.duration";
    /** How long the open hang has lasted so far, seconds; 0 when none is open. Live at every scrape. */
    public static final String HANG_OPEN = "pathwatch.hang.open";
    /** Heartbeats answered after the timeout: late, not lost (their true RTTs are in the stream's figures). */
    public static final String LATE = "pathwatch.late";
    /**
     * Windows not trusted because the prober's own lag p99 exceeded max-self-lag; their latency,
     * jitter and loss stay out of the meters and CloudWatch (they may show the prober, not the path).
     */
    public static final String UNTRUSTED = "pathwatch.windows.untrusted";
    /** Failed probe cycles, by {@link #TAG_KIND}. */
    public static final String ERRORS = "pathwatch.errors";
    /** Stream disconnects. */
    public static final String STREAM_DISCONNECTS = "pathwatch.stream.disconnects";
    /** A path's health: 0 OK, 1 DEGRADED, 2 DOWN; no value (NaN) while UNKNOWN. */
    public static final String HEALTH_STATE = "pathwatch.health.state";
    /** How late the scheduler started cycles: p99 of the last window, ms. */
    public static final String SCHEDULE_LAG = "pathwatch.schedule.lag";
    /** How late a periodic task on the probe event loops ran: the prober's own lag (a histogram). */
    public static final String LOOP_LAG = "pathwatch.agent.loop.lag";
    /** 1 while the agent runs: alarm on missing data to catch a dead agent. */
    public static final String HEARTBEAT = "pathwatch.heartbeat";

    public static final String TAG_PATH = "path";
    public static final String TAG_AGENT = "agent";
    public static final String TAG_KIND = "kind";

    private MeterNames() {
    }
}
