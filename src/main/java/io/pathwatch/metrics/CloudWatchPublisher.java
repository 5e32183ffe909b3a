package io.pathwatch.metrics;

import io.pathwatch.health.PathHealthTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * One PutMetricData round per step, on the registry's publishing thread (never a probe's or the
 * stats thread's). Datums a round could not send (an error, throttling) stay in a bounded
 * backlog and go first next round, with their own timestamps; failures are logged once when they
 * start, then at most every {@link #QUIET_LOG}, and once when publishing recovers.
 */
final class CloudWatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(CloudWatchPublisher.class);

    /** Datums per request: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html */
    static final int MAX_DATUMS = 1000;
    /** Request size limit is 1 MB (same page); we stay well below it by estimate. */
    static final int MAX_BYTES = 900_000;
    /** CloudWatch refuses datums older than two weeks (same page). */
    static final Duration OLDEST = Duration.ofDays(14);
    static final int BACKLOG_LIMIT = 50_000;
    static final Duration QUIET_LOG = Duration.ofMinutes(10);

    private final CloudWatchAsyncClient client;
    private final String namespace;
    private final CloudWatchDatums datums;
    private final StepFigures figures;
    private final PathHealthTracker health;
    private final Supplier<String> agent;
    private final Duration timeout;
    private final Clock clock;
    private final Deque<MetricDatum> backlog = new ArrayDeque<>();
    private volatile int failures;
    private volatile String lastError;
    private volatile int backlogSize;
    private Instant lastFailureLog = Instant.EPOCH;
    private long dropped;
    private long requests;

    CloudWatchPublisher(CloudWatchAsyncClient client, String namespace, boolean highResolution, StepFigures figures,
            PathHealthTracker health, Supplier<String> agent, Duration timeout, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.datums = new CloudWatchDatums(highResolution);
        this.figures = figures;
        this.health = health;
        this.agent = agent;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Builds this step's datums and sends them after whatever an earlier step left. */
    void publish() {
        publish(timeout);
    }

    /** The same, each request waiting at most {@code wait} (shorter at shutdown). */
    synchronized void publish(Duration wait) {
        Instant now = clock.instant();
        String a = agent.get();
        if (a == null) {
            // the registry steps from its creation, the meters (whose agent tag names us) are bound a moment later:
            // datums without the agent dimension would land in series of their own, so this step waits for the next
            return;
        }
        for (StepFigures.Step s : figures.drain()) {
            backlog.addAll(datums.of(s, health.health(s.path()).state(), a, now));
        }
        backlog.add(datums.heartbeat(a, now));
        trim(now);
        while (!backlog.isEmpty()) {
            List<MetricDatum> batch = nextBatch();
            try {
                client.putMetricData(PutMetricDataRequest.builder().namespace(namespace).metricData(batch).build())
                        .get(wait.toMillis(), TimeUnit.MILLISECONDS);
                requests++;
                for (int i = 0; i < batch.size(); i++) {
                    backlog.pollFirst();
                }
                if (failures > 0) {
                    log.info("CloudWatch publishing works again after {} failed round(s); {} datum(s) still waiting", failures, backlog.size());
                    failures = 0;
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed(now, e instanceof ExecutionException ? e.getCause() : e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Rounds in a row that must fail before it is an agent condition: one throttled round is not worth a page. */
    static final int FAILING_AFTER = 3;

    /** The agent condition {@code cloudwatch}: a line while publishing has failed {@link #FAILING_AFTER} rounds in a row, else null. */
    String failing() {
        int f = failures;
        return f < FAILING_AFTER ? null
                : "CloudWatch PutMetricData failed " + f + " rounds in a row (last: " + lastError + "); " + backlogSize + " datum(s) waiting";
    }

    private void failed(Instant now, Throwable cause) {
        failures++;
        lastError = String.valueOf(cause);
        backlogSize = backlog.size();
        if (failures == 1 || Duration.between(lastFailureLog, now).compareTo(QUIET_LOG) >= 0) {
            log.warn("CloudWatch PutMetricData failed ({}); {} datum(s) kept for the next step{}", cause.toString(), backlog.size(),
                    failures == 1 ? "" : " (" + failures + " failed rounds so far)");
            lastFailureLog = now;
        }
    }

    /** Bounded: datums CloudWatch would refuse as too old, then the oldest beyond the limit, go. */
    private void trim(Instant now) {
        Instant oldest = now.minus(OLDEST).plus(Duration.ofHours(1));
        while (!backlog.isEmpty() && (backlog.size() > BACKLOG_LIMIT || backlog.peekFirst().timestamp().isBefore(oldest))) {
            backlog.pollFirst();
            dropped++;
        }
        if (dropped > 0 && failures > 0 && failures % 10 == 0) {
            log.warn("CloudWatch backlog: {} datum(s) dropped so far (limit {}, two weeks)", dropped, BACKLOG_LIMIT);
        }
    }

    /** From the head of the backlog: at most 1000 datums and about 900 kB. */
    private List<MetricDatum> nextBatch() {
        List<MetricDatum> batch = new ArrayList<>();
        int bytes = 0;
        for (MetricDatum d : backlog) {
            int size = estimate(d);
            if (batch.size() == MAX_DATUMS || (!batch.isEmpty() && bytes + size > MAX_BYTES)) {
                break;
            }
            batch.add(d);
            bytes += size;
        }
        return batch;
    }

    /** Encoded size, generously: names and dimensions, then 9 bytes per CBOR double, value and count. */
    static int estimate(MetricDatum d) {
        int size = 64 + d.metricName().length();
        for (var dim : d.dimensions()) {
            size += 24 + dim.name().length() + dim.value().length();
        }
        return size + 18 * (d.hasValues() ? d.values().size() : 1);
    }

    synchronized int backlog() {
        return backlog.size();
    }

    synchronized long requests() {
        return requests;
    }
}
