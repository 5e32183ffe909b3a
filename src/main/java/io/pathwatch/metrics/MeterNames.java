package io.pathwatch.metrics;

/**
 * Every meter name and tag pathwatch publishes. Tags come only from configuration ({@code path},
 * {@code agent} on every meter) and fixed sets ({@code kind} for errors, {@code cause} for
 * attributed stalls), never from addresses, so their number stays bounded. In Prometheus the dots become underscores and the base unit is appended
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
    /**
     * The rtt p50 of the last trusted window, seconds, exact (from the window's own samples, as the
     * API and CloudWatch give it): the scrape's histogram buckets are too coarse to read one path's
     * figure from.
     */
    public static final String RTT_P50 = "pathwatch.rtt.p50";
    /** The rtt p99 of the last trusted window, seconds, exact like {@link #RTT_P50}. */
    public static final String RTT_P99 = "pathwatch.rtt.p99";
    /** RFC 3550 jitter of the stream in the last window, ms. */
    public static final String JITTER = "pathwatch.jitter";
    /** rtt p99 − p50 in the last window, ms. */
    public static final String SPREAD = "pathwatch.spread";
    /** Lost echoes and heartbeats / sent, in the last window. */
    public static final String LOSS = "pathwatch.loss";
    /**
     * The kernel's smoothed RTT of the stream's connection (TCP_INFO {@code rtt}), sampled about
     * once a second: a histogram like {@link #RTT}, in Prometheus and OTLP only. {@code rtt} − this
     * is the applications' own share of the round trip.
     */
    public static final String KERNEL_RTT = "pathwatch.rtt.kernel";
    /** Hangs of the stream, counted when detected. */
    public static final String HANGS = "pathwatch.hangs";
    /**
     * Hangs by {@link #TAG_CAUSE}, counted once each hang's cause is settled (after it ended), in
     * Prometheus and OTLP only: CloudWatch keeps the untagged {@link #HANGS}, since each cause
     * value there would be another billed metric and the shipped alarms watch {@code {agent, path}}.
     */
    public static final String HANGS_ATTRIBUTED = "pathwatch.hangs.attributed";
    /** Cycles that failed after connecting by timeout or reset, by {@link #TAG_CAUSE}; Prometheus and OTLP only, like {@link #HANGS_ATTRIBUTED}. */
    public static final String CYCLES_ATTRIBUTED = "pathwatch.cycles.attributed";
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
    /** The learned baseline of a latency figure ({@link #TAG_FIGURE}: rtt.p50, rtt.p99, jitter), seconds; Prometheus and OTLP only. */
    public static final String BASELINE = "pathwatch.baseline";
    /** Estimated CloudWatch cost of this agent, USD a month, on or off (Prometheus and OTLP only: never billed itself). */
    public static final String CLOUDWATCH_COST = "pathwatch.cloudwatch.cost.usd.per.month";
    /** CloudWatch custom metrics this agent creates, or would with export on. */
    public static final String CLOUDWATCH_METRICS = "pathwatch.cloudwatch.metrics";
    /** 1 while CloudWatch export is on. */
    public static final String CLOUDWATCH_ENABLED = "pathwatch.cloudwatch.enabled";

    public static final String TAG_PATH = "path";
    public static final String TAG_AGENT = "agent";
    public static final String TAG_KIND = "kind";
    /** Where a stall was: one of the seven cause keys ({@code forward_loss} …); never on a CloudWatch metric. */
    public static final String TAG_CAUSE = "cause";
    /** Which figure a baseline is of: a rule figure's key ({@code rtt.p50}). */
    public static final String TAG_FIGURE = "figure";

    private MeterNames() {
    }
}
